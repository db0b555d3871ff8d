module github.com/posturekit/posture

go 1.26.3

require (
	github.com/package-url/packageurl-go v0.1.7
	github.com/stretchr/testify v1.12.1
)

require go.yaml.in/yaml/v3 v3.0.6 // indirect
