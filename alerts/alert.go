// Package alerts is the domain of polluted-drug alerts that drug-checking
// partners publish: the model, its validation rules, the rule that says
// whom an alert reaches (Reaches, AudienceOf), its codecs (JSON and OASIS
// CAP 1.2, documented in docs/alerts.md), the intake rules (Service:
// partners, versions, references, review) and rendering for Telegram in
// each person's language (Renderer, BroadcastContent).
//
// It holds no infrastructure: storing alerts, accepting them over HTTP and
// delivering them are the business of other packages (postgres, api,
// broadcast), which talk to this one in its terms.
package alerts

import (
	"fmt"
	"slices"
	"time"
)

// AlertID is Peerbot's identifier of one stored alert version.
type AlertID int64

// PartnerID identifies a drug-checking partner.
type PartnerID int64

// Severity is an alert's level in three steps. The zero value is not a
// severity; Validate rejects it.
type Severity int

// The severities, in increasing order: comparing them says whether an
// update raised the severity.
const (
	// Information: something worth knowing, no specific danger.
	Information Severity = iota + 1
	// Caution: an unexpected or strong substance; take care.
	Caution
	// Warning: a danger to life (overdoses, potent opioids); reaches
	// everyone in the region whatever groups they follow.
	Warning
)

var severityNames = map[Severity]string{Information: "information", Caution: "caution", Warning: "warning"}

// String returns the severity's JSON name ("information", "caution",
// "warning").
func (s Severity) String() string {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// Valid reports whether s is one of the three severities.
func (s Severity) Valid() bool { _, ok := severityNames[s]; return ok }

// MarshalText writes the JSON name of the severity.
func (s Severity) MarshalText() ([]byte, error) {
	n, ok := severityNames[s]
	if !ok {
		return nil, fmt.Errorf("severity %d is not valid", int(s))
	}
	return []byte(n), nil
}

// UnmarshalText reads a JSON name of a severity.
func (s *Severity) UnmarshalText(b []byte) error {
	for k, n := range severityNames {
		if n == string(b) {
			*s = k
			return nil
		}
	}
	return fmt.Errorf("unknown severity %q (want information, caution or warning)", b)
}

// CAP returns the CAP 1.2 severity the level is published as: Minor,
// Moderate or Severe.
func (s Severity) CAP() string {
	switch s {
	case Information:
		return "Minor"
	case Caution:
		return "Moderate"
	case Warning:
		return "Severe"
	}
	return "Unknown"
}

// SeverityFromCAP maps a CAP 1.2 severity to a level: Minor is Information,
// Moderate is Caution, Severe and Extreme are Warning. Unknown (or anything
// else) is refused: an alert must say how serious it is.
func SeverityFromCAP(s string) (Severity, bool) {
	switch s {
	case "Minor":
		return Information, true
	case "Moderate":
		return Caution, true
	case "Severe", "Extreme":
		return Warning, true
	}
	return 0, false
}

// MsgType says whether an alert is new, corrects an earlier one, or
// withdraws it, as CAP's msgType does.
type MsgType int

// The message types. The zero value is not a type; Validate rejects it.
const (
	// MsgAlert is a new alert.
	MsgAlert MsgType = iota + 1
	// MsgUpdate replaces the alerts it references.
	MsgUpdate
	// MsgCancel withdraws the alerts it references.
	MsgCancel
)

var msgTypeNames = map[MsgType]string{MsgAlert: "alert", MsgUpdate: "update", MsgCancel: "cancel"}
var msgTypeCAP = map[MsgType]string{MsgAlert: "Alert", MsgUpdate: "Update", MsgCancel: "Cancel"}

// String returns the JSON name of the type ("alert", "update", "cancel").
func (m MsgType) String() string {
	if n, ok := msgTypeNames[m]; ok {
		return n
	}
	return fmt.Sprintf("MsgType(%d)", int(m))
}

// Valid reports whether m is one of the three types.
func (m MsgType) Valid() bool { _, ok := msgTypeNames[m]; return ok }

// MarshalText writes the JSON name of the type.
func (m MsgType) MarshalText() ([]byte, error) {
	n, ok := msgTypeNames[m]
	if !ok {
		return nil, fmt.Errorf("msg_type %d is not valid", int(m))
	}
	return []byte(n), nil
}

// UnmarshalText reads a JSON name of a message type.
func (m *MsgType) UnmarshalText(b []byte) error {
	for k, n := range msgTypeNames {
		if n == string(b) {
			*m = k
			return nil
		}
	}
	return fmt.Errorf("unknown msg_type %q (want alert, update or cancel)", b)
}

// CAP returns the CAP 1.2 msgType: Alert, Update or Cancel.
func (m MsgType) CAP() string { return msgTypeCAP[m] }

// MsgTypeFromCAP maps a CAP msgType to a type. Ack and Error are not alerts
// and are refused.
func MsgTypeFromCAP(s string) (MsgType, bool) {
	for k, n := range msgTypeCAP {
		if n == s {
			return k, true
		}
	}
	return 0, false
}

// Form is what the sample looked like as a whole.
type Form string

// The forms a sample can take.
const (
	FormPill    Form = "pill"
	FormPowder  Form = "powder"
	FormCrystal Form = "crystal"
	FormBlotter Form = "blotter"
	FormLiquid  Form = "liquid"
	FormCapsule Form = "capsule"
	FormOther   Form = "other"
)

// Forms lists every form, in the order menus show them.
var Forms = []Form{FormPill, FormPowder, FormCrystal, FormBlotter, FormLiquid, FormCapsule, FormOther}

// Appearance describes the sample so people can recognise it. Every field
// is free text from the partner and may be empty.
type Appearance struct {
	Colour string `json:"colour,omitempty"`
	Logo   string `json:"logo,omitempty"`   // "Tesla", "blue Punisher"
	Shape  string `json:"shape,omitempty"`  // "round", "triangle"
	Size   string `json:"size,omitempty"`   // "9 mm"
	Weight string `json:"weight,omitempty"` // "350 mg"
}

// IsZero reports whether nothing is known about the appearance.
func (a Appearance) IsZero() bool { return a == Appearance{} }

// Trace is the Content.Amount text for "found, too little to measure".
const Trace = "trace"

// Units lists the units an amount may be given in.
var Units = []string{"mg", "µg", "g", "%", "mg/ml", "µg/ml"}

// Content is one substance found in the sample.
type Content struct {
	// Substance is an id from the substance vocabulary ("isotonitazene").
	Substance string `json:"substance"`
	// Amount and Unit give the quantity found (12.5 mg, 30 %); both are
	// empty when the quantity is unknown.
	Amount float64 `json:"amount,omitempty"`
	Unit   string  `json:"unit,omitempty"`
	// Trace says the substance was found but too little to measure; it
	// excludes Amount.
	Trace bool `json:"trace,omitempty"`
	// Note is the partner's remark, in their own words ("cannot tell from
	// dexmedetomidine", "high dose").
	Note string `json:"note,omitempty"`
}

// Reference names an earlier alert of the same partner that an Update or a
// Cancel replaces. Identifier is what matters; Sender and Sent complete the
// CAP reference triple and are filled in from the stored alert when a JSON
// partner leaves them out.
type Reference struct {
	Identifier string    `json:"identifier"`
	Sender     string    `json:"sender,omitempty"`
	Sent       time.Time `json:"sent,omitzero"`
}

// Alert is one version of a polluted-drug alert.
type Alert struct {
	// ID is assigned by the store; 0 until stored.
	ID AlertID `json:"id,omitzero"`
	// PartnerID is the publishing partner, set from its credentials, never
	// from the body.
	PartnerID PartnerID `json:"-"`
	// Identifier is the partner's own id for this version (CAP identifier):
	// the same identifier sent twice is the same alert.
	Identifier string `json:"identifier"`
	// Sender is the partner's CAP sender ("lab@example.org"); optional in
	// JSON.
	Sender string `json:"sender,omitempty"`
	// Sent is when the partner issued this version; zero in JSON means "on
	// receipt", to be set by whoever receives it.
	Sent    time.Time `json:"sent,omitzero"`
	MsgType MsgType   `json:"msg_type"`
	// References are the earlier versions an Update or Cancel replaces.
	References []Reference `json:"references,omitempty"`

	// SoldAs is what the sample was sold or bought as ("MDMA", "oxycodone").
	SoldAs     string     `json:"sold_as,omitempty"`
	Form       Form       `json:"form,omitempty"`
	Appearance Appearance `json:"appearance,omitzero"`
	Contents   []Content  `json:"contents,omitempty"`
	// LinkedToOverdoses says overdoses have been linked to this batch.
	LinkedToOverdoses bool     `json:"linked_to_overdoses,omitempty"`
	Severity          Severity `json:"severity"`
	// Advice is the partner's advice by language code ("pl", "en"): at
	// least one language.
	Advice map[string]string `json:"advice"`
	// PhotoURL is an http(s) URL of a photo of the sample.
	PhotoURL string `json:"photo_url,omitempty"`
	// PhotoFileID is the Telegram file_id of a photo of the sample sent to
	// the bot while a partner composed the alert in the chat. Only the bot
	// sets it (DecodeJSON refuses it: a file_id works for this bot only),
	// and only Telegram shows it: the public mirror and CAP carry PhotoURL.
	PhotoFileID string `json:"photo_file_id,omitempty"`
	// Regions are ISO 3166-2 subdivision codes ("PL-14") or country codes
	// ("PL", the whole country).
	Regions []string `json:"regions"`
	// Effective is when the alert starts to apply (zero: from Sent);
	// Expires when it stops (zero: no end set).
	Effective time.Time `json:"effective,omitzero"`
	Expires   time.Time `json:"expires,omitzero"`
	// SampleReference is the partner's own reference of the sample
	// ("WAW-2026-0412"); SampleLink an http(s) URL of its lab result.
	SampleReference string `json:"sample_reference,omitempty"`
	SampleLink      string `json:"sample_link,omitempty"`
}

// Languages returns the languages the alert has advice in, sorted.
func (a *Alert) Languages() []string {
	langs := make([]string, 0, len(a.Advice))
	for l := range a.Advice {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	return langs
}

// ExpiredAt reports whether the alert has expired at t.
func (a *Alert) ExpiredAt(t time.Time) bool {
	return !a.Expires.IsZero() && !t.Before(a.Expires)
}
