package ssvc

// Exploitation is the state of exploitation of a vulnerability.
type Exploitation string

// The exploitation states.
const (
	ExploitNone   Exploitation = "none"
	ExploitPoC    Exploitation = "poc"
	ExploitActive Exploitation = "active"
)

// TechnicalImpact is how much control exploitation gives.
type TechnicalImpact string

// The technical impacts.
const (
	ImpactPartial TechnicalImpact = "partial"
	ImpactTotal   TechnicalImpact = "total"
)

// MissionPrevalence is how prevalent the affected system is among mission
// essential functions.
type MissionPrevalence string

// The mission prevalences.
const (
	PrevalenceMinimal   MissionPrevalence = "minimal"
	PrevalenceSupport   MissionPrevalence = "support"
	PrevalenceEssential MissionPrevalence = "essential"
)

// WellBeing is the impact on public well-being.
type WellBeing string

// The public well-being impacts.
const (
	WellBeingMinimal      WellBeing = "minimal"
	WellBeingMaterial     WellBeing = "material"
	WellBeingIrreversible WellBeing = "irreversible"
)

// MissionWellBeing is the combined mission and well-being impact.
type MissionWellBeing string

// The mission and well-being impacts.
const (
	MissionLow    MissionWellBeing = "low"
	MissionMedium MissionWellBeing = "medium"
	MissionHigh   MissionWellBeing = "high"
)

// Decision is the outcome of the CISA tree.
type Decision string

// The decisions, from the least to the most urgent.
const (
	Track     Decision = "track"
	TrackStar Decision = "track*"
	Attend    Decision = "attend"
	Act       Decision = "act"
)

// Inputs are the decision points of the CISA tree.
type Inputs struct {
	Exploitation Exploitation
	Automatable  bool
	Impact       TechnicalImpact
	Prevalence   MissionPrevalence
	WellBeing    WellBeing
}

// MissionWellBeing combines prevalence and well-being as the CISA guide's
// table 8 does: essential or irreversible is high; minimal prevalence with
// minimal well-being impact is low; everything else medium.
func (in Inputs) MissionWellBeing() MissionWellBeing {
	switch {
	case in.Prevalence == PrevalenceEssential || in.WellBeing == WellBeingIrreversible:
		return MissionHigh
	case in.Prevalence == PrevalenceMinimal && in.WellBeing == WellBeingMinimal:
		return MissionLow
	}
	return MissionMedium
}

// Decide walks the CISA SSVC tree (CISA SSVC guide, figure 1):
// exploitation, automatable, technical impact, mission and well-being.
func Decide(in Inputs) Decision {
	m := in.MissionWellBeing()
	total := in.Impact == ImpactTotal
	switch in.Exploitation {
	case ExploitActive:
		switch {
		case in.Automatable && (m == MissionHigh || (total && m == MissionMedium)):
			return Act
		case in.Automatable:
			return Attend
		case total && m == MissionHigh:
			return Act
		case m == MissionHigh || (total && m == MissionMedium):
			return Attend
		}
		return Track
	case ExploitPoC:
		switch {
		case m == MissionHigh && (in.Automatable || total):
			return Attend
		case m == MissionHigh:
			return TrackStar
		case m == MissionMedium && total:
			return TrackStar
		}
		return Track
	default:
		switch {
		case m == MissionHigh && in.Automatable:
			return Attend
		case m == MissionHigh && total:
			return TrackStar
		}
		return Track
	}
}
