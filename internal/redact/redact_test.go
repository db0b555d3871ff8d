package redact_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/redact"
)

const token = "ghp_R4wS3cr3tT0k3nV4lu3"

func TestRedactorText(t *testing.T) {
	red := aspm.RedactSecret(token)
	quoted := `pa"ss<wo>rd&1`
	tests := []struct {
		name   string
		values []string
		in     string
		want   string
	}{
		{"plain", []string{token}, "token=" + token + ";", "token=" + red + ";"},
		{"every occurrence", []string{token}, token + " " + token, red + " " + red},
		{"JSON escaped with HTML escapes", []string{quoted}, `{"p":"pa\"ss\u003cwo\u003erd\u00261"}`, `{"p":"` + aspm.RedactSecret(quoted) + `"}`},
		{"JSON escaped without HTML escapes", []string{quoted}, `{"p":"pa\"ss<wo>rd&1"}`, `{"p":"` + aspm.RedactSecret(quoted) + `"}`},
		{"longest first", []string{"abcd", "abcdefgh"}, "abcdefgh", aspm.RedactSecret("abcdefgh")},
		{"short value not replaced", []string{"abc"}, "xabcx", "xabcx"},
		{"empty value ignored", []string{""}, "text", "text"},
		{"no values", nil, "text " + token, "text " + token},
		{"empty text", []string{token}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, redact.New(tt.values...).Text(tt.in))
		})
	}
}

func TestRedactorNil(t *testing.T) {
	var r *redact.Redactor
	assert.Equal(t, token, r.Text(token))
	assert.False(t, r.Unsafe(token))
	assert.Equal(t, map[string]string{"a": token}, r.Props(map[string]string{"a": token}))
}

func TestRedactorUnsafe(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		in     string
		want   bool
	}{
		{"short value present", []string{"ab1"}, "xx ab1 yy", true},
		{"short value absent", []string{"ab1"}, "nothing", false},
		{"long value is replaced, not unsafe", []string{token}, token, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, redact.New(tt.values...).Unsafe(tt.in))
		})
	}
}

func TestRedactorProps(t *testing.T) {
	r := redact.New(token, "ab1")
	tests := []struct {
		name string
		in   map[string]string
		want map[string]string
	}{
		{"redacted and dropped", map[string]string{"a": "k=" + token, "b": "ab1", "c": "plain"},
			map[string]string{"a": "k=" + aspm.RedactSecret(token), "c": "plain"}},
		{"all dropped gives nil", map[string]string{"b": "xab1"}, nil},
		{"nil stays nil", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, r.Props(tt.in))
		})
	}
}

func TestAuthor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jane Doe <jane@example.com>", "Jane Doe"},
		{"jane@example.com", ""},
		{"  Jane  ", "Jane"},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, redact.Author(tt.in), tt.in)
	}
}

func TestSecretHash(t *testing.T) {
	tests := []struct{ in, want string }{
		{"-----BEGIN RSA PRIVATE KEY-----", ""},
		{"  -----END OPENSSH PRIVATE KEY-----\n", ""},
		{token, aspm.SecretHash(token)},
		{"-----BEGIN RSA PRIVATE KEY-----\nMIIE", aspm.SecretHash("-----BEGIN RSA PRIVATE KEY-----\nMIIE")},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, redact.SecretHash(tt.in), tt.in)
	}
}

func TestEmails(t *testing.T) {
	tests := []struct{ in, want string }{
		{"fix\n\nCo-authored-by: Jane <jane.doe+x@example.co.uk>", "fix\n\nCo-authored-by: Jane <[e-mail]>"},
		{"no address @ here", "no address @ here"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, redact.Emails(tt.in), tt.in)
	}
}

func TestFinding(t *testing.T) {
	red := aspm.RedactSecret(token)
	f := aspm.Finding{
		Title: "leak " + token, Description: token, Rule: token, RuleName: token,
		Secret:       &aspm.Secret{Type: "t " + token},
		Properties:   map[string]string{"raw": `{"k":"` + token + `"}`, "plain": token},
		Fingerprints: map[string]string{"fp": token},
		References:   []string{"https://x/" + token},
		Tags:         []string{token},
		Locations:    []aspm.Location{{File: token, URL: token, Logical: token, Evidence: token, Snippet: token}},
	}
	redact.Finding(&f, token)
	assert.Equal(t, "leak "+red, f.Title)
	assert.Equal(t, []string{red, red, red}, []string{f.Description, f.Rule, f.RuleName})
	assert.Equal(t, "t "+red, f.Secret.Type)
	assert.Equal(t, map[string]string{"raw": `{"k":"` + red + `"}`, "plain": red}, f.Properties)
	assert.Equal(t, map[string]string{"fp": red}, f.Fingerprints)
	assert.Equal(t, []string{"https://x/" + red}, f.References)
	assert.Equal(t, []string{red}, f.Tags)
	assert.Equal(t, aspm.Location{File: red, URL: red, Logical: red, Evidence: red, Snippet: red}, f.Locations[0])

	short := aspm.Finding{Title: "abc"}
	redact.Finding(&short, " abc ")
	assert.Equal(t, "abc", short.Title, "a short secret is left alone")
}

func TestJSON(t *testing.T) {
	const secret = `s3cr"et`
	red := aspm.RedactSecret(secret)
	tests := []struct{ name, in, want string }{
		{"escaped in a value", `{"a": "x s3cr\"et"}`, `{"a":"x ` + red + `"}`},
		{"unicode escapes", `["s3cr\u0022et"]`, `["` + red + `"]`},
		{"in a key", `{"s3cr\"et": 1}`, `{"` + red + `":1}`},
		{"not JSON", `s3cr"et`, `s3cr"et`},
		{"broken JSON", `{"a": "s3cr\"et"`, `{"a": "s3cr\"et"`},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, redact.JSON(tt.in, secret, red))
		})
	}
}
