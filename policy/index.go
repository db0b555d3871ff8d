package policy

import (
	"slices"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
)

// ruleKinds returns the issue kinds a rule can match when its expression
// is a conjunction with a term "issue.kind == 'k'" or "issue.kind in
// [...]" of literal strings, and nil when it may match any kind. A false
// conjunct makes a CEL conjunction false whatever the other terms give
// (errors included), so skipping the rule for other kinds changes no
// verdict.
func ruleKinds(a *cel.Ast) []string {
	var kinds []string
	found := false
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		if e.Kind() != ast.CallKind {
			return
		}
		call := e.AsCall()
		args := call.Args()
		switch {
		case call.FunctionName() == operators.LogicalAnd && len(args) == 2:
			walk(args[0])
			walk(args[1])
		case call.FunctionName() == operators.Equals && len(args) == 2:
			if k, ok := kindLiteral(args[0], args[1]); ok {
				kinds, found = intersect(kinds, found, []string{k}), true
			} else if k, ok := kindLiteral(args[1], args[0]); ok {
				kinds, found = intersect(kinds, found, []string{k}), true
			}
		case call.FunctionName() == operators.In && len(args) == 2 && isIssueKind(args[0]) && args[1].Kind() == ast.ListKind:
			var ks []string
			for _, el := range args[1].AsList().Elements() {
				s, ok := stringLiteral(el)
				if !ok {
					return
				}
				ks = append(ks, s)
			}
			kinds, found = intersect(kinds, found, ks), true
		}
	}
	walk(a.NativeRep().Expr())
	if !found {
		return nil
	}
	if kinds == nil {
		kinds = []string{}
	}
	return kinds
}

func intersect(have []string, found bool, more []string) []string {
	if !found {
		return slices.Clone(more)
	}
	return slices.DeleteFunc(have, func(k string) bool { return !slices.Contains(more, k) })
}

func kindLiteral(field, lit ast.Expr) (string, bool) {
	if !isIssueKind(field) {
		return "", false
	}
	return stringLiteral(lit)
}

func stringLiteral(e ast.Expr) (string, bool) {
	if e.Kind() != ast.LiteralKind {
		return "", false
	}
	s, ok := e.AsLiteral().(types.String)
	return string(s), ok
}

func isIssueKind(e ast.Expr) bool {
	if e.Kind() != ast.SelectKind {
		return false
	}
	sel := e.AsSelect()
	op := sel.Operand()
	return !sel.IsTestOnly() && sel.FieldName() == "kind" && op.Kind() == ast.IdentKind && op.AsIdent() == "issue"
}
