// Package locales holds every user-facing string of the bot, one go-i18n
// message file per language, embedded in the binary.
package locales

import (
	"embed"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	i18ntemplate "github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
)

//go:embed active.*.toml
var files embed.FS

// Languages are the supported languages, in the order the picker shows them.
var Languages = []string{"en", "pt", "nl", "pl", "lt", "el", "uk", "ru"}

// Default is the language used when nothing better is known.
const Default = "en"

// variants names the regional variant a language's texts are written in when
// the bare language would get another variant's CLDR plural rules: "pt" alone
// follows Brazilian rules, where 0 is singular ("0 região"), but the texts are
// European Portuguese, where 0 is plural ("0 regiões").
var variants = map[string]string{"pt": "pt-PT"}

// Catalog localizes messages. It is safe for concurrent use.
type Catalog struct {
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
}

// Load reads the embedded message files.
func Load() (*Catalog, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{bundle: b, localizers: make(map[string]*i18n.Localizer)}
	for _, lang := range Languages {
		name := "active." + lang + ".toml"
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("loading %s: %w", name, err)
		}
		tag := lang
		if t, ok := variants[lang]; ok {
			tag = t
		}
		if _, err := b.ParseMessageBytes(language.MustParse(tag), data, toml.Unmarshal); err != nil {
			return nil, fmt.Errorf("loading %s: %w", name, err)
		}
		c.localizers[lang] = i18n.NewLocalizer(b, tag)
	}
	return c, nil
}

// Match maps a language tag from Telegram (such as "pt-br" or "uk") to a
// supported language, or "" when none fits.
func Match(code string) string {
	code = strings.ToLower(strings.TrimSpace(code))
	if i := strings.IndexAny(code, "-_"); i > 0 {
		code = code[:i]
	}
	for _, l := range Languages {
		if l == code {
			return l
		}
	}
	return ""
}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool { return Match(lang) == lang && lang != "" }

// T renders msg in lang with data (a map or struct; nil for none). Missing
// template keys are errors, and an error falls back to English so a person
// never gets nothing; tests make sure that never happens.
func (c *Catalog) T(lang string, msg *i18n.Message, data any) string {
	return c.render(lang, &i18n.LocalizeConfig{DefaultMessage: msg, TemplateData: data})
}

// N renders a message with plural forms for count; the template sees
// {{.Count}} and, when data is a map, its other keys.
func (c *Catalog) N(lang string, msg *i18n.Message, count int, data map[string]any) string {
	d := map[string]any{"Count": count}
	for k, v := range data {
		d[k] = v
	}
	return c.render(lang, &i18n.LocalizeConfig{DefaultMessage: msg, TemplateData: d, PluralCount: count})
}

// Localize is T or N with the error, for tests that must see every failure.
func (c *Catalog) Localize(lang string, cfg *i18n.LocalizeConfig) (string, error) {
	l, ok := c.localizers[lang]
	if !ok {
		return "", fmt.Errorf("unsupported language %q", lang)
	}
	cfg.Funcs = nil
	cfg.TemplateParser = strictParser
	return l.Localize(cfg)
}

func (c *Catalog) render(lang string, cfg *i18n.LocalizeConfig) string {
	s, err := c.Localize(lang, cfg)
	if err != nil && lang != Default {
		s, err = c.Localize(Default, cfg)
	}
	if err != nil {
		return cfg.DefaultMessage.Other
	}
	return s
}

// strictParser executes templates with missingkey=error, so a template that
// names a key the code does not pass fails instead of printing "<no value>".
var strictParser = &i18ntemplate.TextParser{Option: "missingkey=error"}
