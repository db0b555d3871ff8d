package correlate

import "maps"

// defaultRules maps rule ids of different tools that name the same check
// onto one canonical name. It is deliberately small and conservative: each
// line is a check whose equivalence across tools is documented by the
// tools themselves (Trivy's AVD ids list the tfsec ids they replace, and
// Checkov, KICS and tfsec document the same CIS benchmark items). Extend it
// with WithRuleMap.
var defaultRules = map[string]string{
	// S3 bucket without server-side encryption.
	"ckv_aws_19": "aws-s3-encryption", "aws-s3-enable-bucket-encryption": "aws-s3-encryption",
	"avd-aws-0088": "aws-s3-encryption", "aws088": "aws-s3-encryption",
	// S3 bucket without versioning.
	"ckv_aws_21": "aws-s3-versioning", "aws-s3-enable-versioning": "aws-s3-versioning",
	"avd-aws-0090": "aws-s3-versioning", "aws077": "aws-s3-versioning",
	// S3 bucket without access logging.
	"ckv_aws_18": "aws-s3-logging", "aws-s3-enable-bucket-logging": "aws-s3-logging",
	"avd-aws-0089": "aws-s3-logging", "aws002": "aws-s3-logging",
	// S3 bucket with a public ACL.
	"ckv_aws_20": "aws-s3-public-acl", "aws-s3-no-public-access-with-acl": "aws-s3-public-acl",
	"avd-aws-0092": "aws-s3-public-acl", "aws001": "aws-s3-public-acl",
	// Security group open to the world on ingress.
	"ckv_aws_24": "aws-sg-open-ssh", "ckv_aws_25": "aws-sg-open-rdp",
	"aws-ec2-no-public-ingress-sgr": "aws-sg-public-ingress", "avd-aws-0107": "aws-sg-public-ingress", "aws008": "aws-sg-public-ingress",
	// Unencrypted EBS volume.
	"ckv_aws_3": "aws-ebs-encryption", "aws-ebs-enable-volume-encryption": "aws-ebs-encryption", "avd-aws-0026": "aws-ebs-encryption",
	// RDS instance without storage encryption.
	"ckv_aws_16": "aws-rds-encryption", "aws-rds-encrypt-instance-storage-data": "aws-rds-encryption", "avd-aws-0080": "aws-rds-encryption",
	// Dockerfile: last USER is root / no USER.
	"ckv_docker_3": "docker-user", "ckv_docker_8": "docker-root-user", "ds002": "docker-root-user", "avd-ds-0002": "docker-root-user",
	// Dockerfile: no HEALTHCHECK.
	"ckv_docker_2": "docker-healthcheck", "ds026": "docker-healthcheck", "avd-ds-0026": "docker-healthcheck",
	// Dockerfile: image tagged latest / not pinned.
	"ckv_docker_7": "docker-latest-tag", "dl3007": "docker-latest-tag", "ds001": "docker-latest-tag", "avd-ds-0001": "docker-latest-tag",
	// Kubernetes: privileged container.
	"ckv_k8s_16": "k8s-privileged", "ksv017": "k8s-privileged", "avd-ksv-0017": "k8s-privileged",
	// Kubernetes: container may run as root.
	"ckv_k8s_23": "k8s-run-as-root", "ksv012": "k8s-run-as-root", "avd-ksv-0012": "k8s-run-as-root",
}

// DefaultRuleMap returns a copy of the built-in cross-tool rule map (rule
// id in lower case → canonical check name).
func DefaultRuleMap() map[string]string { return maps.Clone(defaultRules) }
