package api

import (
	"bytes"
	_ "embed"
	"encoding/xml"
	"html/template"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
)

// mirror is the public alert mirror, so that Telegram is not the only way
// to learn of an alert: an HTML page, an Atom feed and each version as CAP.
// Everything here is public: it shows published alerts only.
type mirror struct {
	alerts     AlertService
	regions    *content.Regions
	substances *content.Substances
	catalog    *locales.Catalog
	now        func() time.Time
	log        *slog.Logger
}

// mirrorCacheControl says how long caches may keep the mirror: short, since an
// alert may be withdrawn at any moment.
const mirrorCacheControl = "public, max-age=60"

//go:embed mirror.html.tmpl
var mirrorTemplateText string

var mirrorTemplate = template.Must(template.New("mirror").Parse(mirrorTemplateText))

// mirrorPage is what mirror.html.tmpl shows.
type mirrorPage struct {
	Lang      string
	Languages []mirrorLanguage
	Groups    []*regionGroup
	Updated   string
}

type mirrorLanguage struct {
	Code, Name string
	Current    bool
}

// regionGroup is one region and the alerts for it; an alert for several
// regions appears under each.
type regionGroup struct {
	Code, Name, Country string
	Alerts              []groupedAlert
}

// groupedAlert is an alert under one region; ID is its anchor where it
// first appears on the page (ids are unique), empty elsewhere.
type groupedAlert struct {
	*alertView
	ID string
}

// alertView is one alert with its structured part in the page's language.
type alertView struct {
	Anchor   string
	Severity string // information, caution, warning: the CSS class
	// SeverityLabel is the severity for people to read.
	SeverityLabel string
	Title         string
	SoldAs        string
	Form          string
	Appearance    string
	Contents      []string
	Overdoses     bool
	Advice        string
	AdviceLang    string
	// AdviceNote says which language the advice is in when it is not the
	// page's.
	AdviceNote  string
	Regions     string
	Partner     string
	Published   string
	Updated     bool
	Expires     string
	Sample      string
	SampleLink  string
	PhotoURL    string
	CAPLink     string
	published   time.Time
	structured  string
	regionCodes []string
}

var severityLabels = map[alerts.Severity]string{
	alerts.Information: "Information", alerts.Caution: "Caution", alerts.Warning: "Warning",
}

// pageLang returns the language the request asks for, English by default.
func pageLang(r *http.Request) string {
	if l := locales.Match(r.URL.Query().Get("lang")); l != "" {
		return l
	}
	return locales.Default
}

// view builds the alert's view in lang.
func (m *mirror) view(s *alerts.Stored, lang string) *alertView {
	v := &alertView{
		Anchor:   "alert-" + strconv.FormatInt(int64(s.ChainID), 10),
		Severity: s.Severity.String(), SoldAs: s.SoldAs, Form: string(s.Form),
		Overdoses: s.LinkedToOverdoses, Partner: s.PartnerName,
		Published: displayTime(s.PublishedAt), Updated: s.ChainID != s.ID,
		Expires: displayTime(s.Expires), Sample: s.SampleReference, SampleLink: s.SampleLink,
		PhotoURL: s.PhotoURL, CAPLink: capPath(s.ID), published: s.PublishedAt, regionCodes: s.Regions,
	}
	ap := s.Appearance
	v.Appearance = joinNonEmpty(", ", ap.Colour, ap.Logo, ap.Shape, ap.Size, ap.Weight)
	var names []string
	for _, c := range s.Contents {
		name := m.substances.Name(c.Substance, lang)
		names = append(names, name)
		line := name
		switch {
		case c.Trace:
			line += " (trace)"
		case c.Amount != 0:
			line += " " + strconv.FormatFloat(c.Amount, 'f', -1, 64) + " " + c.Unit
		}
		if c.Note != "" {
			line += ": " + c.Note
		}
		v.Contents = append(v.Contents, line)
	}
	var regions []string
	for _, code := range s.Regions {
		regions = append(regions, m.regions.Name(code, lang))
	}
	v.Regions = strings.Join(regions, ", ")
	v.SeverityLabel = severityLabels[s.Severity]
	v.Title = v.SeverityLabel
	if s.SoldAs != "" {
		v.Title += ": sold as " + s.SoldAs
	}
	if len(names) > 0 {
		v.Title += ", contains " + strings.Join(names, ", ")
	}
	v.AdviceLang = adviceLanguage(&s.Alert, lang)
	v.Advice = s.Advice[v.AdviceLang]
	if v.AdviceLang != lang {
		v.AdviceNote = "Advice in " + m.languageName(v.AdviceLang) + " (not available in this language)"
	}
	parts := []string{v.Title}
	if v.Appearance != "" {
		parts = append(parts, "Looks like: "+v.Appearance)
	}
	if v.Overdoses {
		parts = append(parts, "Overdoses have been linked to this batch")
	}
	v.structured = strings.Join(parts, ". ")
	return v
}

// adviceLanguage picks the advice to show: in lang, else in English, else
// in the first of the partner's languages.
func adviceLanguage(a *alerts.Alert, lang string) string {
	for _, l := range []string{lang, locales.Default} {
		if _, ok := a.Advice[l]; ok {
			return l
		}
	}
	if langs := a.Languages(); len(langs) > 0 {
		return langs[0]
	}
	return lang
}

func (m *mirror) languageName(lang string) string {
	if locales.Supported(lang) && m.catalog != nil {
		return m.catalog.T(lang, locales.LanguageName, nil)
	}
	return lang
}

func displayTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// active returns the views of the active alerts in lang, newest first.
func (m *mirror) active(r *http.Request, lang string) ([]*alertView, error) {
	list, err := m.alerts.Active(r.Context(), m.now())
	if err != nil {
		return nil, err
	}
	views := make([]*alertView, len(list))
	for i, s := range list {
		views[i] = m.view(s, lang)
	}
	return views, nil
}

// page serves /alerts: the active alerts grouped by region.
func (m *mirror) page(w http.ResponseWriter, r *http.Request) {
	lang := pageLang(r)
	views, err := m.active(r, lang)
	if err != nil {
		writeError(w, r, m.log, err)
		return
	}
	p := mirrorPage{Lang: lang, Updated: displayTime(m.now())}
	for _, l := range locales.Languages {
		p.Languages = append(p.Languages, mirrorLanguage{Code: l, Name: m.languageName(l), Current: l == lang})
	}
	byCode := map[string]*regionGroup{}
	anchored := map[string]bool{}
	for _, v := range views {
		for _, code := range v.regionCodes {
			g := byCode[code]
			if g == nil {
				g = &regionGroup{Code: code, Name: m.regions.Name(code, lang)}
				if c, ok := m.regions.CountryOf(code); ok && c.Code != code {
					g.Country = m.regions.Name(c.Code, lang)
				}
				byCode[code] = g
				p.Groups = append(p.Groups, g)
			}
			g.Alerts = append(g.Alerts, groupedAlert{alertView: v})
		}
	}
	// Regions by code: a country's own group (PL) comes before its
	// regions (PL-14), which come in code order.
	slices.SortFunc(p.Groups, func(a, b *regionGroup) int { return strings.Compare(a.Code, b.Code) })
	for _, g := range p.Groups {
		for i, a := range g.Alerts {
			if !anchored[a.Anchor] {
				g.Alerts[i].ID, anchored[a.Anchor] = a.Anchor, true
			}
		}
	}
	var buf bytes.Buffer
	if err := mirrorTemplate.Execute(&buf, p); err != nil {
		writeError(w, r, m.log, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", mirrorCacheControl)
	w.Header().Set("Content-Language", lang)
	// No scripts, no outside resources: a strict policy costs nothing.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(buf.Bytes())
}

// The Atom 1.0 feed (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Author     atomAuthor     `xml:"author"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    atomText       `xml:"summary"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// baseURL is the scheme and host the request came to, for the feed's
// absolute links. A proxy's X-Forwarded-Proto is believed only for http
// and https: it changes links, nothing else.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// atom serves /alerts.atom: one entry per active alert, updated when its
// latest version was published.
func (m *mirror) atom(w http.ResponseWriter, r *http.Request) {
	lang := pageLang(r)
	views, err := m.active(r, lang)
	if err != nil {
		writeError(w, r, m.log, err)
		return
	}
	base := baseURL(r)
	page := base + "/alerts"
	self := base + "/alerts.atom"
	if lang != locales.Default {
		page += "?lang=" + lang
		self += "?lang=" + lang
	}
	feed := atomFeed{Lang: lang, ID: base + "/alerts.atom", Title: "Peerbot: drug-checking alerts",
		Updated: atomTime(m.now()),
		Links:   []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}, {Rel: "alternate", Type: "text/html", Href: page}}}
	var latest time.Time
	for _, v := range views {
		if v.published.After(latest) {
			latest = v.published
		}
		e := atomEntry{
			ID: base + "/alerts#" + v.Anchor, Title: v.Title, Updated: atomTime(v.published),
			Author: atomAuthor{Name: v.Partner},
			Links: []atomLink{
				{Rel: "alternate", Type: "text/html", Href: page + "#" + v.Anchor},
				{Rel: "alternate", Type: "application/cap+xml", Href: base + v.CAPLink},
			},
			// No xml:lang: the labels are English, the advice may not be.
			Summary: atomText{Type: "text", Text: v.structured + ". " + v.Advice},
		}
		e.Categories = append(e.Categories, atomCategory{Term: v.Severity, Label: v.SeverityLabel})
		for _, code := range v.regionCodes {
			e.Categories = append(e.Categories, atomCategory{Term: code, Label: m.regions.Name(code, lang)})
		}
		feed.Entries = append(feed.Entries, e)
	}
	if !latest.IsZero() {
		feed.Updated = atomTime(latest)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		writeError(w, r, m.log, err)
		return
	}
	buf.WriteByte('\n')
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", mirrorCacheControl)
	_, _ = w.Write(buf.Bytes())
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// capFile serves /alerts/{id}.cap: a published version as CAP 1.2.
func (m *mirror) capFile(w http.ResponseWriter, r *http.Request) {
	notFound := func() {
		WriteProblem(w, Problem{Status: http.StatusNotFound, Type: problemType(alerts.ErrNotFound), Detail: "no published alert with this id"})
	}
	name, ok := strings.CutSuffix(r.PathValue("file"), ".cap")
	id, err := strconv.ParseInt(name, 10, 64)
	if !ok || err != nil || id <= 0 {
		notFound()
		return
	}
	s, err := m.alerts.Get(r.Context(), alerts.AlertID(id))
	if alerts.IsNotFound(err) || (err == nil && s.Status != alerts.StatusPublished) {
		notFound()
		return
	}
	if err != nil {
		writeError(w, r, m.log, err)
		return
	}
	a := s.Alert
	// CAP requires a sender; partners sending JSON may not give one.
	fallback := "peerbot-partner-" + strconv.FormatInt(int64(s.PartnerID), 10)
	if a.Sender == "" {
		a.Sender = fallback
	}
	a.References = slices.Clone(a.References)
	for i := range a.References {
		if a.References[i].Sender == "" {
			a.References[i].Sender = fallback
		}
	}
	var buf bytes.Buffer
	if err := alerts.RenderCAP(&buf, &a, func(code string) string { return m.regions.Name(code, locales.Default) }); err != nil {
		writeError(w, r, m.log, err)
		return
	}
	w.Header().Set("Content-Type", "application/cap+xml; charset=utf-8")
	w.Header().Set("Cache-Control", mirrorCacheControl)
	_, _ = w.Write(buf.Bytes())
}
