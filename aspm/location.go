package aspm

// Location is one place a problem was found. Which fields are set depends on
// the kind: source findings use File and Region, DAST findings use URL,
// Method and Parameter, IaC and cloud findings use Resource, container
// findings use Image and Layer.
type Location struct {
	// File is a path relative to the scanned root, with forward slashes, or a
	// URI when the tool gave one that is not a relative path.
	File   string  `json:"file,omitempty"`
	Region *Region `json:"region,omitempty"`
	// SnippetHash is the lower-case hex SHA-256 of the region's text after
	// whitespace is folded, when the input carries the text.
	SnippetHash string `json:"snippet_hash,omitempty"`
	// Snippet is the region's text, bounded in size; empty for secrets.
	Snippet string `json:"snippet,omitempty"`
	// Logical is a logical location: a function, method, class or module
	// ("com.example.Foo.bar").
	Logical string `json:"logical,omitempty"`
	// URL, Method and Parameter locate a DAST finding.
	URL       string `json:"url,omitempty"`
	Method    string `json:"method,omitempty"`
	Parameter string `json:"parameter,omitempty"`
	// Evidence is the request or response excerpt that shows the problem,
	// bounded in size.
	Evidence string `json:"evidence,omitempty"`
	// Resource is a cloud or IaC resource.
	Resource *Resource `json:"resource,omitempty"`
	// Image is a container image reference; Layer a layer digest in it.
	Image string `json:"image,omitempty"`
	Layer string `json:"layer,omitempty"`
}

// Region is a span of lines and columns, 1-based, inclusive. Zero means
// unknown.
type Region struct {
	StartLine   int `json:"start_line,omitempty"`
	StartColumn int `json:"start_column,omitempty"`
	EndLine     int `json:"end_line,omitempty"`
	EndColumn   int `json:"end_column,omitempty"`
}

// Resource is an infrastructure resource: an IaC block or a cloud object.
type Resource struct {
	// Type is the resource type ("aws_s3_bucket", "AWS::S3::Bucket").
	Type string `json:"type,omitempty"`
	// Name is the resource's name or address ("aws_s3_bucket.logs").
	Name string `json:"name,omitempty"`
	// Provider is the cloud or platform ("aws", "kubernetes") when known.
	Provider string `json:"provider,omitempty"`
	// ID is a cloud resource id (an ARN) when known.
	ID string `json:"id,omitempty"`
}
