package score

import (
	"cmp"
	"slices"

	"github.com/posturekit/posture/aspm"
)

// Sort orders issues by risk: the highest score first (an unscored issue
// last), ties by ID, so that the order is deterministic.
func Sort(issues []aspm.Issue) {
	slices.SortStableFunc(issues, func(a, b aspm.Issue) int {
		if c := cmp.Compare(value(b), value(a)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

func value(is aspm.Issue) float64 {
	if is.Score == nil {
		return -1
	}
	return is.Score.Value
}
