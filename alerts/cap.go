package alerts

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// CAPNamespace is the XML namespace of OASIS CAP 1.2.
const CAPNamespace = "urn:oasis:names:tc:emergency:cap:1.2"

// The CAP parameter valueNames that carry an alert's structured part. They
// are the same in every info block; ParseCAP reads them from the first.
const (
	capSoldAs          = "peerbot:sold_as"
	capForm            = "peerbot:form"
	capColour          = "peerbot:colour"
	capLogo            = "peerbot:logo"
	capShape           = "peerbot:shape"
	capSize            = "peerbot:size"
	capWeight          = "peerbot:weight"
	capContent         = "peerbot:content" // substance;amount;unit;trace;note
	capLinked          = "peerbot:linked_to_overdoses"
	capSampleReference = "peerbot:sample_reference"
	capRegionCode      = "ISO3166-2"
)

type capAlert struct {
	XMLName    xml.Name  `xml:"urn:oasis:names:tc:emergency:cap:1.2 alert"`
	Identifier string    `xml:"identifier"`
	Sender     string    `xml:"sender"`
	Sent       string    `xml:"sent"`
	Status     string    `xml:"status"`
	MsgType    string    `xml:"msgType"`
	Scope      string    `xml:"scope"`
	References string    `xml:"references,omitempty"`
	Info       []capInfo `xml:"info"`
}

type capInfo struct {
	Language    string        `xml:"language"`
	Category    string        `xml:"category"`
	Event       string        `xml:"event"`
	Urgency     string        `xml:"urgency"`
	Severity    string        `xml:"severity"`
	Certainty   string        `xml:"certainty"`
	Effective   string        `xml:"effective,omitempty"`
	Expires     string        `xml:"expires,omitempty"`
	Instruction string        `xml:"instruction,omitempty"`
	Description string        `xml:"description,omitempty"`
	Web         string        `xml:"web,omitempty"`
	Parameters  []capValue    `xml:"parameter"`
	Resources   []capResource `xml:"resource"`
	Areas       []capArea     `xml:"area"`
}

type capValue struct {
	Name  string `xml:"valueName"`
	Value string `xml:"value"`
}

type capResource struct {
	Desc     string `xml:"resourceDesc"`
	MimeType string `xml:"mimeType"`
	URI      string `xml:"uri,omitempty"`
}

type capArea struct {
	Desc     string     `xml:"areaDesc"`
	Geocodes []capValue `xml:"geocode"`
}

// ParseCAP reads an alert from OASIS CAP 1.2 XML: one info block per
// language (its instruction, else its description, is the advice in that
// language), regions from area geocodes with valueName ISO3166-2, the photo
// from an image resource, and the structured part from peerbot:* parameters
// (docs/alerts.md). A DOCTYPE is refused (no entity tricks) and so are bodies
// over MaxBody. Like DecodeJSON it checks the shape only; run Validate next.
func ParseCAP(r io.Reader) (*Alert, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading alert: %w", err)
	}
	if len(body) > MaxBody {
		return nil, invalid("", "the body is over %d bytes", MaxBody)
	}
	if bytes.Contains(bytes.ToUpper(body), []byte("<!DOCTYPE")) || bytes.Contains(bytes.ToUpper(body), []byte("<!ENTITY")) {
		return nil, invalid("", "a DOCTYPE or ENTITY declaration is not allowed")
	}
	var c capAlert
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	if err := dec.Decode(&c); err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, invalid("", "not well-formed XML at line %d: %s", se.Line, se.Msg)
		}
		return nil, invalid("", "not a CAP 1.2 alert: %s", strings.TrimPrefix(err.Error(), "expected element type "))
	}
	a := &Alert{Identifier: c.Identifier, Sender: c.Sender, Advice: map[string]string{}}
	if a.Sent, err = capTime("sent", c.Sent); err != nil {
		return nil, err
	}
	var ok bool
	if a.MsgType, ok = MsgTypeFromCAP(strings.TrimSpace(c.MsgType)); !ok {
		return nil, invalid("msgType", "must be Alert, Update or Cancel")
	}
	if a.References, err = capReferences(c.References); err != nil {
		return nil, err
	}
	if len(c.Info) == 0 {
		return nil, invalid("info", "no info block: give the advice in at least one language")
	}
	for i, info := range c.Info {
		field := fmt.Sprintf("info[%d]", i)
		lang := strings.ToLower(strings.TrimSpace(info.Language))
		if j := strings.IndexAny(lang, "-_"); j > 0 {
			lang = lang[:j] // pl-PL: the bot's languages are plain codes
		}
		if lang == "" {
			lang = "en" // CAP's default language
		}
		advice := info.Instruction
		if strings.TrimSpace(advice) == "" {
			advice = info.Description
		}
		if _, dup := a.Advice[lang]; dup {
			return nil, invalid(field+".language", "%q has two info blocks", lang)
		}
		a.Advice[lang] = advice
		if i > 0 {
			continue // the structured part is read from the first block
		}
		if a.Severity, ok = SeverityFromCAP(strings.TrimSpace(info.Severity)); !ok {
			return nil, invalid(field+".severity", "must be Minor, Moderate, Severe or Extreme")
		}
		if a.Effective, err = capTime(field+".effective", info.Effective); err != nil {
			return nil, err
		}
		if a.Expires, err = capTime(field+".expires", info.Expires); err != nil {
			return nil, err
		}
		a.SampleLink = info.Web
		if err := a.readParameters(field, info.Parameters); err != nil {
			return nil, err
		}
		for _, res := range info.Resources {
			if strings.HasPrefix(res.MimeType, "image/") && a.PhotoURL == "" {
				a.PhotoURL = res.URI
			}
		}
		for _, area := range info.Areas {
			for _, g := range area.Geocodes {
				if strings.TrimSpace(g.Name) == capRegionCode {
					a.Regions = append(a.Regions, g.Value)
				}
			}
		}
	}
	a.normalize()
	return a, nil
}

func (a *Alert) readParameters(field string, params []capValue) error {
	for i, p := range params {
		v := p.Value
		switch strings.TrimSpace(p.Name) {
		case capSoldAs:
			a.SoldAs = v
		case capForm:
			a.Form = Form(v)
		case capColour:
			a.Appearance.Colour = v
		case capLogo:
			a.Appearance.Logo = v
		case capShape:
			a.Appearance.Shape = v
		case capSize:
			a.Appearance.Size = v
		case capWeight:
			a.Appearance.Weight = v
		case capLinked:
			b, err := strconv.ParseBool(strings.TrimSpace(v))
			if err != nil {
				return invalid(fmt.Sprintf("%s.parameter[%d]", field, i), "%s must be true or false", capLinked)
			}
			a.LinkedToOverdoses = b
		case capSampleReference:
			a.SampleReference = v
		case capContent:
			c, err := parseCAPContent(v)
			if err != nil {
				return invalid(fmt.Sprintf("%s.parameter[%d]", field, i), "%s: %s", capContent, err)
			}
			a.Contents = append(a.Contents, c)
		}
	}
	return nil
}

// parseCAPContent reads "substance;amount;unit;trace;note" (the note may
// contain semicolons; trailing parts may be left out).
func parseCAPContent(v string) (Content, error) {
	parts := strings.SplitN(v, ";", 5)
	for len(parts) < 5 {
		parts = append(parts, "")
	}
	c := Content{Substance: parts[0], Unit: strings.TrimSpace(parts[2]), Note: parts[4]}
	if s := strings.TrimSpace(parts[1]); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return c, fmt.Errorf("amount %q is not a number", clip(s))
		}
		c.Amount = f
	}
	if s := strings.TrimSpace(parts[3]); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return c, fmt.Errorf("trace must be true or false")
		}
		c.Trace = b
	}
	return c, nil
}

// capReferences reads CAP's space-separated "sender,identifier,sent" triples.
func capReferences(s string) ([]Reference, error) {
	var refs []Reference
	for i, triple := range strings.Fields(s) {
		parts := strings.Split(triple, ",")
		if len(parts) != 3 {
			return nil, invalid(fmt.Sprintf("references[%d]", i), "must be sender,identifier,sent")
		}
		sent, err := capTime(fmt.Sprintf("references[%d].sent", i), parts[2])
		if err != nil {
			return nil, err
		}
		refs = append(refs, Reference{Sender: parts[0], Identifier: parts[1], Sent: sent})
	}
	return refs, nil
}

func capTime(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, invalid(field, "%q is not a CAP time (2026-11-20T10:00:00+01:00)", clip(s))
	}
	return t, nil
}

// RenderCAP writes an alert as OASIS CAP 1.2 XML, one info block per advice
// language, for the public export; ParseCAP reads it back.
func RenderCAP(w io.Writer, a *Alert, areaName func(code string) string) error {
	c := capAlert{
		Identifier: a.Identifier, Sender: a.Sender, Sent: capTimeString(a.Sent),
		Status: "Actual", MsgType: a.MsgType.CAP(), Scope: "Public",
	}
	var refs []string
	for _, r := range a.References {
		refs = append(refs, r.Sender+","+r.Identifier+","+capTimeString(r.Sent))
	}
	c.References = strings.Join(refs, " ")
	for _, lang := range a.Languages() {
		info := capInfo{
			Language: lang, Category: "Health", Event: "Adulterated drug", Urgency: "Immediate",
			Severity: a.Severity.CAP(), Certainty: "Observed",
			Effective: capTimeString(a.Effective), Expires: capTimeString(a.Expires),
			Instruction: a.Advice[lang], Web: a.SampleLink,
		}
		add := func(name, value string) {
			if value != "" {
				info.Parameters = append(info.Parameters, capValue{name, value})
			}
		}
		add(capSoldAs, a.SoldAs)
		add(capForm, string(a.Form))
		add(capColour, a.Appearance.Colour)
		add(capLogo, a.Appearance.Logo)
		add(capShape, a.Appearance.Shape)
		add(capSize, a.Appearance.Size)
		add(capWeight, a.Appearance.Weight)
		for _, ct := range a.Contents {
			amount := ""
			if ct.Amount != 0 {
				amount = strconv.FormatFloat(ct.Amount, 'f', -1, 64)
			}
			add(capContent, strings.Join([]string{ct.Substance, amount, ct.Unit, strconv.FormatBool(ct.Trace), ct.Note}, ";"))
		}
		add(capLinked, strconv.FormatBool(a.LinkedToOverdoses))
		add(capSampleReference, a.SampleReference)
		if a.PhotoURL != "" {
			info.Resources = []capResource{{Desc: "Photo of the sample", MimeType: "image/jpeg", URI: a.PhotoURL}}
		}
		for _, code := range a.Regions {
			info.Areas = append(info.Areas, capArea{Desc: areaName(code), Geocodes: []capValue{{capRegionCode, code}}})
		}
		c.Info = append(c.Info, info)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("writing CAP: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(c); err != nil {
		return fmt.Errorf("writing CAP: %w", err)
	}
	return nil
}

func capTimeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05-07:00")
}
