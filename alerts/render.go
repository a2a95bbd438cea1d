package alerts

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	xlanguage "golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
)

// Telegram's limits on what one message may hold, in UTF-16 code units
// after entity parsing (DESIGN.md rule 4).
const (
	MaxTextUnits    = 4096
	MaxCaptionUnits = 1024
)

// Lengths partner text is clipped to, in UTF-16 code units. Validate keeps
// most fields far shorter; these hold for alerts that never went through it
// and for the compact form of an alert too long for one message.
const (
	maxSourceUnits  = 100 // the partner's name, always
	maxCaptionField = 200 // sold as and the main substance in a caption
	maxSubjectUnits = 100 // sold as or substance named in a follow-up
	maxReasonUnits  = 300 // a withdrawal's reason in a follow-up
	compactField    = 60  // short fields and notes of a compact alert
	compactReason   = 200 // a withdrawal's reason in a compact alert
	compactList     = 10  // substances and regions listed in a compact alert
)

// Renderer writes alerts as Telegram messages (HTML parse mode) in a
// person's language: the structured part (severity, sold as, contents,
// regions, times) from the catalog and the substance and region lists, the
// partner's advice in the person's language when the partner wrote it. All
// partner text is escaped: it is data, never markup.
//
// Set the fields, then use the Renderer from any number of goroutines; the
// localized labels are prepared on first use.
type Renderer struct {
	Catalog    *locales.Catalog
	Substances *content.Substances
	Regions    *content.Regions
	// MirrorURL, when set, is the public web page of alerts (api's /alerts);
	// an alert shortened to fit in Telegram links to it.
	MirrorURL string

	once   sync.Once
	labels map[string]*labels
}

// View is what one rendering shows.
type View struct {
	// Alert is the version whose content is shown. Required.
	Alert *Alert
	// Previous is the version Alert replaced, if any: the message then says
	// what changed.
	Previous *Alert
	// Cancel is the version that withdrew Alert, if any: the message then
	// says the alert is withdrawn, with Cancel's advice as the reason.
	Cancel *Alert
	// Source is the partner's name, shown as the alert's source.
	Source string
	// Now tells whether the alert has expired.
	Now time.Time
}

// Message is an alert rendered for Telegram, in HTML parse mode. With a
// photo, send Photo with Caption (a short header, at most 1024 characters),
// then Text; without one, Photo and Caption are empty and Text is the whole
// message. Text is at most 4096 characters.
type Message struct {
	Photo   string
	Caption string
	Text    string
}

// labels are one language's fixed texts, localized once.
type labels struct {
	lang  string
	namer display.Namer

	severity                                   map[Severity]string
	statusNew, statusUpdated                   string
	statusWithdrawn, statusExpired             string
	raised, lowered, contentsChanged           string
	descriptionChanged, overdosesLinked        string
	overdosesCleared, regionsChanged           string
	adviceChanged, timesChanged, otherChanged  string
	soldAs, form, appearance, contents, trace  string
	colour, logo, shape, size, weight          string
	overdoses, regions, effective, expires     string
	expiredAt, sample, labResult, source       string
	decimal, detailsBelow, shortened, fullText string
	advice, reason, withdrawnText              string
	forms                                      map[Form]string
}

var formMessages = map[Form]*i18n.Message{
	FormPill: locales.AlertFormPill, FormPowder: locales.AlertFormPowder, FormCrystal: locales.AlertFormCrystal,
	FormBlotter: locales.AlertFormBlotter, FormLiquid: locales.AlertFormLiquid, FormCapsule: locales.AlertFormCapsule,
	FormOther: locales.AlertFormOther,
}

var severityMessages = map[Severity]*i18n.Message{
	Information: locales.AlertSeverityInformation, Caution: locales.AlertSeverityCaution, Warning: locales.AlertSeverityWarning,
}

// severityMarks are the coloured dots in front of the header; a withdrawn
// or expired alert gets the white one, whatever its level was.
var severityMarks = map[Severity]string{Information: "🔵", Caution: "🟠", Warning: "🔴"}

const (
	inactiveMark  = "⚪"
	overdoseMark  = "⚠️"
	separatorLine = "──────────"
)

// displayTags are the tags language names are written for: European
// Portuguese says "polaco" where Brazilian says "polonês".
var displayTags = map[string]string{"pt": "pt-PT"}

func (r *Renderer) prepare() {
	r.labels = make(map[string]*labels, len(locales.Languages))
	for _, lang := range locales.Languages {
		t := func(m *i18n.Message) string { return r.Catalog.T(lang, m, nil) }
		tag := lang
		if v, ok := displayTags[lang]; ok {
			tag = v
		}
		l := &labels{
			lang: lang, namer: display.Languages(xlanguage.Make(tag)),
			severity:  map[Severity]string{},
			statusNew: t(locales.AlertStatusNew), statusUpdated: t(locales.AlertStatusUpdated),
			statusWithdrawn: t(locales.AlertStatusWithdrawn), statusExpired: t(locales.AlertStatusExpired),
			raised: t(locales.AlertChangeSeverityRaised), lowered: t(locales.AlertChangeSeverityLowered),
			contentsChanged: t(locales.AlertChangeContents), descriptionChanged: t(locales.AlertChangeDescription),
			overdosesLinked: t(locales.AlertChangeOverdosesLinked), overdosesCleared: t(locales.AlertChangeOverdosesCleared),
			regionsChanged: t(locales.AlertChangeRegions), adviceChanged: t(locales.AlertChangeAdvice),
			timesChanged: t(locales.AlertChangeTimes), otherChanged: t(locales.AlertChangeOther),
			soldAs: t(locales.AlertSoldAs), form: t(locales.AlertForm), appearance: t(locales.AlertAppearance),
			contents: t(locales.AlertContents), trace: t(locales.AlertTrace),
			colour: t(locales.AlertColour), logo: t(locales.AlertLogo), shape: t(locales.AlertShape),
			size: t(locales.AlertSize), weight: t(locales.AlertWeight),
			overdoses: t(locales.AlertOverdoses), regions: t(locales.AlertRegions),
			effective: t(locales.AlertEffective), expires: t(locales.AlertExpires), expiredAt: t(locales.AlertExpiredAt),
			sample: t(locales.AlertSample), labResult: t(locales.AlertLabResult), source: t(locales.AlertSource),
			decimal: t(locales.AlertDecimal), detailsBelow: t(locales.AlertDetailsBelow),
			shortened: t(locales.AlertShortened), fullText: t(locales.AlertFullAlert),
			advice: t(locales.AlertAdvice), reason: t(locales.AlertReason), withdrawnText: t(locales.AlertWithdrawnText),
			forms: map[Form]string{},
		}
		for s, m := range severityMessages {
			l.severity[s] = t(m)
		}
		for f, m := range formMessages {
			l.forms[f] = t(m)
		}
		r.labels[lang] = l
	}
}

func (r *Renderer) labelsFor(lang string) *labels {
	r.once.Do(r.prepare)
	if l, ok := r.labels[lang]; ok {
		return l
	}
	return r.labels[locales.Default]
}

// options say how much of an alert a rendering shows: everything, or a
// compact form when everything does not fit in one message.
type options struct {
	listMax   int  // substances and regions listed
	fieldMax  int  // UTF-16 units of a short partner field or note
	reasonMax int  // UTF-16 units of a withdrawal's reason
	adviceMax int  // UTF-16 units of the advice; -1 leaves it out
	shortened bool // say the alert was shortened, and where to read it all
}

var (
	fullOptions    = options{listMax: math.MaxInt, fieldMax: math.MaxInt, reasonMax: math.MaxInt, adviceMax: math.MaxInt}
	compactOptions = options{listMax: compactList, fieldMax: compactField, reasonMax: compactReason, adviceMax: math.MaxInt, shortened: true}
)

// Render writes the alert of v in lang (an unsupported language gets
// English). The result always parses as Telegram HTML and fits Telegram's
// limits: an alert too long for one message is shortened, advice last, and
// says so.
func (r *Renderer) Render(v View, lang string) Message {
	if v.Alert == nil {
		return Message{}
	}
	l := r.labelsFor(lang)
	text := r.text(v, l, fullOptions)
	if n := plainLen(text); n > MaxTextUnits {
		o := compactOptions
		text = r.text(v, l, o)
		if n = plainLen(text); n > MaxTextUnits {
			// Shorten the advice by what is still too much (the clip
			// reserves a unit for its ellipsis).
			advice, _ := pickText(v.Alert.Advice, l.lang)
			o.adviceMax = max(utf16Len(advice)-(n-MaxTextUnits), 0)
			text = r.text(v, l, o)
		}
		if plainLen(text) > MaxTextUnits {
			o.adviceMax = -1
			text = r.text(v, l, o)
		}
		if plainLen(text) > MaxTextUnits {
			text = r.minimal(v, l)
		}
	}
	m := Message{Text: text}
	if photo := v.Alert.PhotoURL; linkable(photo) {
		m.Photo = clean(photo)
		m.Caption = r.caption(v, l)
	} else if id := v.Alert.PhotoFileID; telegramFileID.MatchString(id) {
		m.Photo = id
		m.Caption = r.caption(v, l)
	}
	return m
}

// FollowUp returns the short message sent after an alert was edited in
// place, so that people notice: when the alert was withdrawn, or when an
// update raised its level (and it has not expired). It is "" when neither
// applies.
func (r *Renderer) FollowUp(v View, lang string) string {
	if v.Alert == nil {
		return ""
	}
	l := r.labelsFor(lang)
	subject := esc(clipUnits(r.subject(v.Alert, l), maxSubjectUnits))
	source := esc(clipUnits(sourceOf(v), maxSourceUnits))
	if v.Cancel != nil {
		reason, _ := pickText(v.Cancel.Advice, l.lang)
		if reason == "" {
			return r.Catalog.T(l.lang, locales.AlertFollowUpWithdrawnNoReason, map[string]string{"Subject": subject, "Source": source})
		}
		return r.Catalog.T(l.lang, locales.AlertFollowUpWithdrawn, map[string]string{
			"Subject": subject, "Source": source, "Reason": esc(clipUnits(reason, maxReasonUnits)),
		})
	}
	if v.Previous != nil && v.Alert.Severity > v.Previous.Severity && !v.Alert.ExpiredAt(v.Now) {
		return r.Catalog.T(l.lang, locales.AlertFollowUpRaised, map[string]string{
			"Severity": "<b>" + severityName(v.Alert.Severity, l) + "</b>", "Subject": subject,
		})
	}
	return ""
}

// state is what the header says about an alert.
type state int

const (
	stateNew state = iota
	stateUpdated
	stateWithdrawn
	stateExpired
)

func stateOf(v View) state {
	switch {
	case v.Cancel != nil:
		return stateWithdrawn
	case v.Alert.ExpiredAt(v.Now):
		return stateExpired
	case v.Previous != nil || v.Alert.MsgType == MsgUpdate:
		return stateUpdated
	}
	return stateNew
}

func severityName(s Severity, l *labels) string {
	if n, ok := l.severity[s]; ok {
		return n
	}
	return l.severity[Information]
}

// header writes the first line: a coloured mark, the level and the state.
// A withdrawn or expired alert's level is struck through.
func header(w *strings.Builder, v View, l *labels) {
	st := stateOf(v)
	sev := severityName(v.Alert.Severity, l)
	if st == stateWithdrawn || st == stateExpired {
		w.WriteString(inactiveMark + " <s>" + sev + "</s> · <b>")
		if st == stateWithdrawn {
			w.WriteString(l.statusWithdrawn)
		} else {
			w.WriteString(l.statusExpired)
		}
		w.WriteString("</b>")
		return
	}
	mark, ok := severityMarks[v.Alert.Severity]
	if !ok {
		mark = severityMarks[Information]
	}
	w.WriteString(mark + " <b>" + sev + "</b> · ")
	if st == stateUpdated {
		w.WriteString("<b>" + l.statusUpdated + "</b>")
	} else {
		w.WriteString(l.statusNew)
	}
}

func (r *Renderer) text(v View, l *labels, o options) string {
	a := v.Alert
	var w strings.Builder
	w.Grow(2048)
	header(&w, v, l)
	switch stateOf(v) {
	case stateUpdated:
		if changes := r.changes(v.Previous, a, l); changes != "" {
			w.WriteString("\n<i>" + changes + "</i>")
		}
	case stateWithdrawn:
		r.withdrawal(&w, v, l, o.reasonMax)
		w.WriteString("\n" + separatorLine + "\n<i>" + l.withdrawnText + "</i>")
	}

	// What the sample is.
	w.WriteString("\n\n")
	if s := clean(a.SoldAs); s != "" {
		field(&w, l.soldAs, esc(clipUnits(s, o.fieldMax)))
	}
	if a.Form != "" {
		field(&w, l.form, formName(a.Form, l))
	}
	if app := appearance(a.Appearance, l, o.fieldMax); app != "" {
		field(&w, l.appearance, app)
	}

	// What it holds.
	if len(a.Contents) > 0 {
		w.WriteString("\n<b>" + l.contents + ":</b>")
		for i, c := range a.Contents {
			if i == o.listMax {
				w.WriteString("\n• " + r.more(l, len(a.Contents)-i))
				break
			}
			w.WriteString("\n• ")
			r.content(&w, c, l, o.fieldMax)
		}
		w.WriteString("\n")
	}
	if a.LinkedToOverdoses {
		w.WriteString("\n" + overdoseMark + " <b>" + l.overdoses + "</b>\n")
	}

	// Where and when.
	w.WriteString("\n")
	if len(a.Regions) > 0 {
		field(&w, l.regions, r.regionList(a.Regions, l, o.listMax))
	}
	if !a.Effective.IsZero() {
		field(&w, l.effective, r.when(a.Effective, a.Regions, l))
	}
	if !a.Expires.IsZero() {
		label := l.expires
		if a.ExpiredAt(v.Now) {
			label = l.expiredAt
		}
		field(&w, label, r.when(a.Expires, a.Regions, l))
	}

	// The partner's advice.
	if advice, in := pickText(a.Advice, l.lang); advice != "" && o.adviceMax >= 0 {
		label := l.advice
		if in != "" {
			label = r.Catalog.T(l.lang, locales.AlertAdviceIn, map[string]string{"Language": esc(languageName(in, l))})
		}
		w.WriteString("\n<b>" + label + ":</b>\n" + esc(clipUnits(advice, o.adviceMax)) + "\n")
	}

	// Where it comes from.
	w.WriteString("\n")
	sample(&w, a, l, o.fieldMax)
	if s := sourceOf(v); s != "" {
		field(&w, l.source, esc(clipUnits(s, maxSourceUnits)))
	}
	if o.shortened {
		r.shortenedNote(&w, a, l)
	}
	return strings.TrimSpace(w.String())
}

// minimal is the last resort for an alert that does not fit even in its
// compact form: the header, the source and where to read it all.
func (r *Renderer) minimal(v View, l *labels) string {
	var w strings.Builder
	header(&w, v, l)
	w.WriteString("\n\n")
	if s := sourceOf(v); s != "" {
		field(&w, l.source, esc(clipUnits(s, maxSourceUnits)))
	}
	r.shortenedNote(&w, v.Alert, l)
	return strings.TrimSpace(w.String())
}

func (r *Renderer) shortenedNote(w *strings.Builder, a *Alert, l *labels) {
	w.WriteString("\n<i>" + l.shortened + "</i>")
	link := r.MirrorURL
	if !linkable(link) {
		link = a.SampleLink
	}
	if linkable(link) {
		w.WriteString("\n<a href=\"" + esc(clean(link)) + "\">" + l.fullText + "</a>")
	}
}

// caption is the short header under a photo: level and state, sold as and
// form, the main substance, overdoses.
func (r *Renderer) caption(v View, l *labels) string {
	a := v.Alert
	var w strings.Builder
	header(&w, v, l)
	if stateOf(v) == stateWithdrawn {
		w.WriteString("\n" + r.Catalog.T(l.lang, locales.AlertWithdrawnBy, map[string]string{"Source": esc(clipUnits(sourceOf(v), maxSourceUnits))}))
	}
	w.WriteString("\n")
	var sold []string
	if s := clean(a.SoldAs); s != "" {
		sold = append(sold, esc(clipUnits(s, maxCaptionField)))
	}
	if a.Form != "" {
		sold = append(sold, formName(a.Form, l))
	}
	if len(sold) > 0 {
		field(&w, l.soldAs, strings.Join(sold, " · "))
	}
	if len(a.Contents) > 0 {
		main := esc(clipUnits(r.Substances.Name(a.Contents[0].Substance, l.lang), maxCaptionField))
		if n := len(a.Contents) - 1; n > 0 {
			main += " " + r.more(l, n)
		}
		field(&w, l.contents, main)
	}
	if a.LinkedToOverdoses {
		w.WriteString(overdoseMark + " <b>" + l.overdoses + "</b>\n")
	}
	w.WriteString("\n<i>" + l.detailsBelow + "</i>")
	return strings.TrimSpace(w.String())
}

// withdrawal says who withdrew the alert and why.
func (r *Renderer) withdrawal(w *strings.Builder, v View, l *labels, reasonMax int) {
	w.WriteString("\n" + r.Catalog.T(l.lang, locales.AlertWithdrawnBy, map[string]string{"Source": esc(clipUnits(sourceOf(v), maxSourceUnits))}))
	reason, in := pickText(v.Cancel.Advice, l.lang)
	if reason == "" {
		return
	}
	label := l.reason
	if in != "" {
		label = r.Catalog.T(l.lang, locales.AlertReasonIn, map[string]string{"Language": esc(languageName(in, l))})
	}
	w.WriteString("\n<b>" + label + ":</b> " + esc(clipUnits(reason, reasonMax)))
}

// changes lists what an update changed against the version it replaced,
// or "" when it does not know that version or nothing shown changed.
func (r *Renderer) changes(prev, a *Alert, l *labels) string {
	if prev == nil {
		return ""
	}
	var list []string
	switch {
	case a.Severity > prev.Severity:
		list = append(list, l.raised)
	case a.Severity < prev.Severity:
		list = append(list, l.lowered)
	}
	if a.LinkedToOverdoses != prev.LinkedToOverdoses {
		if a.LinkedToOverdoses {
			list = append(list, l.overdosesLinked)
		} else {
			list = append(list, l.overdosesCleared)
		}
	}
	if !slices.Equal(a.Contents, prev.Contents) {
		list = append(list, l.contentsChanged)
	}
	if clean(a.SoldAs) != clean(prev.SoldAs) || a.Form != prev.Form || a.Appearance != prev.Appearance {
		list = append(list, l.descriptionChanged)
	}
	if !sameSet(a.Regions, prev.Regions) {
		list = append(list, l.regionsChanged)
	}
	if !sameAdvice(a.Advice, prev.Advice) {
		list = append(list, l.adviceChanged)
	}
	if !a.Effective.Equal(prev.Effective) || !a.Expires.Equal(prev.Expires) {
		list = append(list, l.timesChanged)
	}
	if len(list) == 0 && (a.PhotoURL != prev.PhotoURL || a.PhotoFileID != prev.PhotoFileID || a.SampleReference != prev.SampleReference || a.SampleLink != prev.SampleLink) {
		list = append(list, l.otherChanged)
	}
	if len(list) == 0 {
		return ""
	}
	return r.Catalog.T(l.lang, locales.AlertChanged, map[string]string{"Changes": strings.Join(list, ", ")})
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func sameAdvice(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || clean(v) != clean(w) {
			return false
		}
	}
	return true
}

// field writes "<b>Label:</b> value" on a line of its own; value is HTML.
func field(w *strings.Builder, label, value string) {
	w.WriteString("<b>" + label + ":</b> " + value + "\n")
}

func formName(f Form, l *labels) string {
	if n, ok := l.forms[f]; ok {
		return n
	}
	return esc(clipUnits(clean(string(f)), compactField))
}

// appearance lists the known parts of an appearance: "colour: pink; logo:
// Tesla".
func appearance(a Appearance, l *labels, fieldMax int) string {
	var parts []string
	for _, p := range [...]struct{ label, value string }{
		{l.colour, a.Colour}, {l.logo, a.Logo}, {l.shape, a.Shape}, {l.size, a.Size}, {l.weight, a.Weight},
	} {
		if v := clean(p.value); v != "" {
			parts = append(parts, p.label+": "+esc(clipUnits(v, fieldMax)))
		}
	}
	return strings.Join(parts, "; ")
}

// content writes one substance: its name in the person's language, the
// amount or "traces", and the partner's note.
func (r *Renderer) content(w *strings.Builder, c Content, l *labels, fieldMax int) {
	w.WriteString(esc(clipUnits(r.Substances.Name(clean(c.Substance), l.lang), compactField*2)))
	if amount := amountText(c, l); amount != "" {
		w.WriteString(" — " + amount)
	}
	if note := clean(c.Note); note != "" {
		w.WriteString(" (<i>" + esc(clipUnits(note, fieldMax)) + "</i>)")
	}
}

// amountText is "12,5 mg" (with the language's decimal separator),
// "traces", or "" when the quantity is unknown.
func amountText(c Content, l *labels) string {
	if c.Trace {
		return l.trace
	}
	unit := clean(c.Unit)
	if c.Amount == 0 && unit == "" {
		return ""
	}
	// Three decimals are more than any lab reports, and hide float noise.
	n := strconv.FormatFloat(math.Round(c.Amount*1000)/1000, 'f', -1, 64)
	if l.decimal != "." {
		n = strings.Replace(n, ".", l.decimal, 1)
	}
	if unit != "" {
		n += " " + esc(clipUnits(unit, compactField))
	}
	return n
}

func (r *Renderer) more(l *labels, n int) string {
	return r.Catalog.N(l.lang, locales.AlertMore, n, nil)
}

func (r *Renderer) regionList(codes []string, l *labels, listMax int) string {
	var b strings.Builder
	for i, code := range codes {
		if i == listMax {
			b.WriteString(" " + r.more(l, len(codes)-i))
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(esc(clipUnits(r.Regions.Name(clean(code), l.lang), compactField*2)))
	}
	return b.String()
}

// when writes a time in the time zone of the alert's first region, saying
// which country's time it is, or in UTC when the region is unknown.
func (r *Renderer) when(t time.Time, regions []string, l *labels) string {
	const layout = "2006-01-02 15:04"
	if len(regions) > 0 {
		if c, ok := r.Regions.CountryOf(regions[0]); ok && c.Location != nil {
			return r.Catalog.T(l.lang, locales.AlertTimeIn, map[string]string{
				"Time": t.In(c.Location).Format(layout), "Country": esc(r.Regions.Name(c.Code, l.lang)),
			})
		}
	}
	return t.UTC().Format(layout) + " UTC"
}

// sample writes the partner's reference of the sample and a link to the
// lab result. A link that is not a web address is shown as text.
func sample(w *strings.Builder, a *Alert, l *labels, fieldMax int) {
	ref, link := clean(a.SampleReference), clean(a.SampleLink)
	var parts []string
	if ref != "" {
		parts = append(parts, esc(clipUnits(ref, fieldMax)))
	}
	switch {
	case linkable(link):
		parts = append(parts, "<a href=\""+esc(link)+"\">"+l.labResult+"</a>")
	case link != "":
		parts = append(parts, esc(clipUnits(link, fieldMax)))
	}
	if len(parts) > 0 {
		field(w, l.sample, strings.Join(parts, " — "))
	}
}

// subject names an alert in a sentence: what it was sold as, else its main
// substance, else its form.
func (r *Renderer) subject(a *Alert, l *labels) string {
	if s := clean(a.SoldAs); s != "" {
		return s
	}
	if len(a.Contents) > 0 {
		return r.Substances.Name(clean(a.Contents[0].Substance), l.lang)
	}
	if n, ok := l.forms[a.Form]; ok {
		return n
	}
	return clean(a.SampleReference)
}

func sourceOf(v View) string {
	if s := clean(v.Source); s != "" {
		return s
	}
	return clean(v.Alert.Sender)
}

// pickText chooses the partner's text for lang: in lang itself (in is ""),
// else in English, else in the first language that has text (in names it).
func pickText(texts map[string]string, lang string) (text, in string) {
	if t := clean(texts[lang]); t != "" {
		return t, ""
	}
	if t := clean(texts["en"]); t != "" {
		return t, "en"
	}
	langs := make([]string, 0, len(texts))
	for k := range texts {
		langs = append(langs, k)
	}
	slices.Sort(langs)
	for _, k := range langs {
		if t := clean(texts[k]); t != "" {
			return t, k
		}
	}
	return "", ""
}

// languageName names a language in the person's language ("polaco" in
// Portuguese), or gives its code when the name is not known.
func languageName(code string, l *labels) string {
	tag, err := xlanguage.Parse(code)
	if err == nil {
		if n := l.namer.Name(tag); n != "" {
			return n
		}
	}
	return clipUnits(clean(code), 16)
}

// linkable reports whether s is a web address Telegram links as it is.
func linkable(s string) bool {
	s = clean(s)
	lower := strings.ToLower(s)
	var rest string
	switch {
	case strings.HasPrefix(lower, "https://"):
		rest = s[len("https://"):]
	case strings.HasPrefix(lower, "http://"):
		rest = s[len("http://"):]
	default:
		return false
	}
	if rest == "" || rest[0] == '/' || rest[0] == '?' || rest[0] == '#' {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f })
}
