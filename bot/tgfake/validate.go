package tgfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Telegram's own wording where a generic message would not match it,
// keyed by "method.param", "Type.field" or just the name.
var (
	missingWording = map[string]string{
		"chat_id":    "chat_id is empty",
		"text":       "message text is empty",
		"message_id": "message identifier is not specified",
		"photo":      "there is no photo in the request",
		"document":   "there is no document in the request",
		"sticker":    "there is no sticker in the request",
		"voice":      "there is no voice in the request",
		"audio":      "there is no audio in the request",
		"video":      "there is no video in the request",
		"animation":  "there is no animation in the request",
	}
	tooLongWording = map[string]string{
		"text":                     "message is too long",
		"caption":                  "message caption is too long",
		"answerCallbackQuery.text": "MESSAGE_TOO_LONG",
	}
	tooShortWording = map[string]string{
		"text": "message text is empty",
	}
	malformedWording = map[string]string{
		"reply_markup":     "can't parse reply keyboard markup JSON object",
		"entities":         "can't parse entities JSON object",
		"caption_entities": "can't parse entities JSON object",
	}
)

func wording(table map[string]string, owner, name string) (string, bool) {
	if w, ok := table[owner+"."+name]; ok {
		return w, true
	}
	w, ok := table[name]
	return w, ok
}

// validate checks a call against the method's row of the table: required
// parameters, types, nested objects and length limits, in the order the
// parameters are listed (which is the order Telegram reports them in).
func (sp *Spec) validate(req *request, fields []Field) *apiError {
	for _, f := range fields {
		if !req.has(f.Name) {
			if f.Required || (len(f.RequiredUnless) > 0 && !allPresent(req, f.RequiredUnless)) {
				if w, ok := wording(missingWording, req.method, f.Name); ok {
					return badRequest("%s", w)
				}
				return badRequest("parameter %s is required", f.Name)
			}
			continue
		}
		if err := sp.checkParam(req, f); err != nil {
			return err
		}
	}
	// Text parameters are parsed once all parameters are known to be well
	// formed, because the parse mode and entities are separate parameters.
	for _, f := range fields {
		if f.Parsed && req.has(f.Name) {
			if err := parseParam(req, fields, f); err != nil {
				return err
			}
		}
	}
	return nil
}

func allPresent(req *request, names []string) bool {
	for _, n := range names {
		if !req.has(n) {
			return false
		}
	}
	return true
}

// checkParam checks the syntax of one present top-level parameter.
func (sp *Spec) checkParam(req *request, f Field) *apiError {
	v := req.params[f.Name]
	_, isFile := req.files[f.Name]
	if !utf8.ValidString(v) {
		return badRequest("strings must be encoded in UTF-8")
	}
	switch strings.Join(f.Types, "|") {
	case "Integer":
		if _, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err != nil {
			return badRequest("field \"%s\" must be of type Integer", f.Name)
		}
	case "Float":
		if _, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
			return badRequest("field \"%s\" must be of type Float", f.Name)
		}
	case "Boolean":
		if _, ok := parseBool(v); !ok {
			return badRequest("field \"%s\" must be of type Boolean", f.Name)
		}
	case "Integer|String":
		if strings.HasSuffix(f.Name, "chat_id") && !validChatRef(v) {
			return badRequest("chat not found")
		}
	case "String":
		return checkLength(req.method, f, v)
	case "InputFile|String", "InputFile":
		if isFile {
			return nil
		}
		if name, ok := strings.CutPrefix(v, "attach://"); ok {
			if _, ok := req.files[name]; !ok {
				return badRequest("file attach://%s not found in the request", name)
			}
			return nil
		}
		if len(f.Types) == 1 {
			return badRequest("%s should be uploaded as an InputFile", f.Name)
		}
	default:
		var val any
		dec := json.NewDecoder(strings.NewReader(v))
		dec.UseNumber()
		if err := dec.Decode(&val); err != nil || dec.More() {
			if w, ok := malformedWording[f.Name]; ok {
				return badRequest("%s", w)
			}
			return badRequest("can't parse %s JSON object", f.Name)
		}
		if msg := sp.checkValue(f.Types, val, f.Name, ""); msg != nil {
			return msg
		}
		if f.Unit == "items" {
			arr, _ := val.([]any)
			if len(arr) < f.Min || (f.Max > 0 && len(arr) > f.Max) {
				return badRequest("parameter %s must contain %d-%d items", f.Name, f.Min, f.Max)
			}
		}
	}
	return nil
}

// validChatRef accepts what Telegram resolves as a chat: an integer id or
// an @username.
func validChatRef(v string) bool {
	v = strings.TrimSpace(v)
	if _, err := strconv.ParseInt(v, 10, 64); err == nil {
		return true
	}
	return len(v) > 1 && v[0] == '@'
}

// checkLength applies a string parameter's limit when it is measured on
// the raw value (parsed texts are measured after parsing).
func checkLength(owner string, f Field, v string) *apiError {
	if f.Unit == "" || f.Parsed {
		return nil
	}
	n := charCount(v)
	unit := "characters"
	if f.Unit == "bytes" {
		n, unit = len(v), "bytes"
	}
	if n > f.Max {
		if w, ok := wording(tooLongWording, owner, f.Name); ok {
			return badRequest("%s", w)
		}
		return badRequest("parameter %s is too long: at most %d %s are allowed", f.Name, f.Max, unit)
	}
	if n < f.Min {
		if w, ok := wording(tooShortWording, owner, f.Name); ok {
			return badRequest("%s", w)
		}
		return badRequest("parameter %s is too short: at least %d %s are required", f.Name, f.Min, unit)
	}
	return nil
}

// parseParam parses a text parameter with its parse mode (or explicit
// entities), trims it like Telegram and applies the length limit to the
// result.
func parseParam(req *request, fields []Field, f Field) *apiError {
	modeParam, entParam := "parse_mode", "entities"
	if f.Name != "text" {
		entParam = f.Name + "_entities"
	}
	if hasField(fields, f.Name+"_parse_mode") {
		modeParam = f.Name + "_parse_mode"
	}
	mode := req.str(modeParam)
	text, entities, err := parseText(req.str(f.Name), mode)
	if err != nil {
		return err
	}
	if mode == "" && req.has(entParam) {
		_ = json.Unmarshal([]byte(req.str(entParam)), &entities)
		entities = clipEntities(entities, utf16Len(text))
	}
	text, entities = trimText(text, entities)
	n := charCount(text)
	if n > f.Max {
		if w, ok := wording(tooLongWording, req.method, f.Name); ok {
			return badRequest("%s", w)
		}
		return badRequest("parameter %s is too long: at most %d characters are allowed after entities parsing", f.Name, f.Max)
	}
	if n < f.Min {
		if w, ok := wording(tooShortWording, req.method, f.Name); ok {
			return badRequest("%s", w)
		}
		return badRequest("parameter %s must be non-empty", f.Name)
	}
	req.parsed[f.Name] = formatted{Text: text, Entities: entities, ParseMode: mode}
	return nil
}

// parseText applies a parse mode, matched case-insensitively like Telegram.
func parseText(s, mode string) (string, []Entity, *apiError) {
	var (
		text     string
		entities []Entity
		err      error
	)
	switch strings.ToLower(mode) {
	case "":
		if !utf8.ValidString(s) {
			return "", nil, badRequest("strings must be encoded in UTF-8")
		}
		return s, nil, nil
	case "markdownv2":
		text, entities, err = ParseMarkdownV2(s)
	case "html":
		text, entities, err = ParseHTML(s)
	case "markdown":
		// Legacy Markdown is deliberately refused: the project must use
		// MarkdownV2 or HTML, whose escaping rules are well defined.
		return "", nil, badRequest("parse mode \"Markdown\" is not supported by the test server; use MarkdownV2 or HTML")
	default:
		return "", nil, badRequest("unsupported parse_mode")
	}
	if err != nil {
		return "", nil, &apiError{Code: http.StatusBadRequest, Description: err.Error()}
	}
	return text, entities, nil
}

// clipEntities drops explicit entities that fall outside the text.
func clipEntities(es []Entity, total int) []Entity {
	out := es[:0]
	for _, e := range es {
		if e.Offset < 0 || e.Length <= 0 || e.Offset >= total {
			continue
		}
		e.Length = min(e.Length, total-e.Offset)
		out = append(out, e)
	}
	sortEntities(out)
	return out
}

func hasField(fields []Field, name string) bool {
	return slices.ContainsFunc(fields, func(f Field) bool { return f.Name == name })
}

// checkValue checks a decoded JSON value against a list of allowed types.
// name is the field holding it and owner the type that field belongs to
// ("" for a top-level parameter).
func (sp *Spec) checkValue(types []string, val any, name, owner string) *apiError {
	if len(types) == 1 {
		return sp.checkType(types[0], val, name, owner)
	}
	// A union of object types (reply_markup): pick the one whose required
	// fields are all there.
	if obj, ok := val.(map[string]any); ok {
		for _, t := range types {
			ts, ok := sp.Types[t]
			if !ok || len(ts.Fields) == 0 {
				continue
			}
			if requiredPresent(ts, obj) {
				return sp.checkType(t, val, name, owner)
			}
		}
	}
	var first *apiError
	for _, t := range types {
		err := sp.checkType(t, val, name, owner)
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	if name == "reply_markup" {
		return badRequest("can't parse reply keyboard markup JSON object")
	}
	return first
}

func requiredPresent(ts TypeSpec, obj map[string]any) bool {
	for _, f := range ts.Fields {
		if _, ok := obj[f.Name]; f.Required && !ok {
			return false
		}
	}
	return true
}

// nestedError words an error about a field inside an object like Telegram.
func nestedError(owner, msg string) *apiError {
	switch owner {
	case "":
		return badRequest("%s", msg)
	case "InlineKeyboardButton":
		return badRequest("can't parse inline keyboard button: %s", msg)
	case "KeyboardButton":
		return badRequest("can't parse keyboard button: %s", msg)
	}
	return badRequest("can't parse %s: %s", owner, msg)
}

func typeError(owner, name, typ string) *apiError {
	if owner == "" {
		return badRequest("field \"%s\" must be of type %s", name, typ)
	}
	return nestedError(owner, fmt.Sprintf("Field \"%s\" must be of type %s", name, typ))
}

// checkType checks a JSON value against one type of the table.
func (sp *Spec) checkType(typ string, val any, name, owner string) *apiError {
	if elem, ok := strings.CutPrefix(typ, "Array of "); ok {
		arr, ok := val.([]any)
		if !ok {
			if name == "inline_keyboard" || name == "keyboard" {
				return badRequest("field \"%s\" of the %s should be an Array of Arrays", name, owner)
			}
			return typeError(owner, name, "Array")
		}
		for _, item := range arr {
			if err := sp.checkType(elem, item, name, owner); err != nil {
				return err
			}
		}
		return nil
	}
	switch typ {
	case "String", "InputFile":
		if _, ok := val.(string); !ok {
			return typeError(owner, name, "String")
		}
		return nil
	case "Integer":
		n, ok := val.(json.Number)
		if !ok {
			return typeError(owner, name, "Integer")
		}
		if _, err := n.Int64(); err != nil {
			return typeError(owner, name, "Integer")
		}
		return nil
	case "Float":
		if _, ok := val.(json.Number); !ok {
			return typeError(owner, name, "Float")
		}
		return nil
	case "Boolean", "True":
		if _, ok := val.(bool); !ok {
			return typeError(owner, name, "Boolean")
		}
		return nil
	}
	ts, ok := sp.Types[typ]
	if !ok {
		return nil // a type the reference does not describe further
	}
	obj, ok := val.(map[string]any)
	if !ok {
		return typeError(owner, name, "Object")
	}
	if len(ts.Subtypes) > 0 {
		return sp.checkSubtype(typ, ts, obj, name, owner)
	}
	return sp.checkObject(typ, ts, obj)
}

// checkSubtype picks the subtype named by the object's "type" field.
func (sp *Spec) checkSubtype(typ string, ts TypeSpec, obj map[string]any, name, owner string) *apiError {
	kind, _ := obj["type"].(string)
	discriminated := false
	for _, sub := range ts.Subtypes {
		st := sp.Types[sub]
		for _, f := range st.Fields {
			if f.Name == "type" && f.Const != "" {
				discriminated = true
				if f.Const == kind {
					return sp.checkObject(sub, st, obj)
				}
			}
		}
	}
	if !discriminated {
		return nil
	}
	if kind == "" {
		return nestedError(typ, "Can't find field \"type\"")
	}
	return nestedError(typ, fmt.Sprintf("unsupported type \"%s\"", kind))
}

// checkObject checks an object's fields against its type.
func (sp *Spec) checkObject(typ string, ts TypeSpec, obj map[string]any) *apiError {
	if typ == "InlineKeyboardButton" {
		// go-telegram/bot always sends "copy_text":{"text":""} (a struct
		// field that omitempty cannot omit) and Telegram accepts it as no
		// copy button at all: so must the fake.
		if ct, ok := obj["copy_text"].(map[string]any); ok && (ct["text"] == nil || ct["text"] == "") {
			obj = maps.Clone(obj)
			delete(obj, "copy_text")
		}
	}
	for _, f := range ts.Fields {
		v, ok := obj[f.Name]
		if !ok || v == nil {
			if f.Required {
				return nestedError(typ, fmt.Sprintf("Can't find field \"%s\"", f.Name))
			}
			continue
		}
		if err := sp.checkValue(f.Types, v, f.Name, typ); err != nil {
			return err
		}
		if s, ok := v.(string); ok {
			if err := checkNestedString(typ, f, s); err != nil {
				return err
			}
		}
	}
	if ts.ExactlyOneExcept != nil || ts.AtMostOneExcept != nil {
		except := append(slices.Clone(ts.ExactlyOneExcept), ts.AtMostOneExcept...)
		n := 0
		for k := range obj {
			if !slices.Contains(except, k) && hasField(ts.Fields, k) {
				n++
			}
		}
		switch {
		case ts.ExactlyOneExcept != nil && n == 0 && typ == "InlineKeyboardButton":
			return nestedError(typ, "Text buttons are unallowed in the inline keyboard")
		case ts.ExactlyOneExcept != nil && n == 0:
			return nestedError(typ, "one of the optional fields must be used")
		case n > 1:
			return nestedError(typ, "only one of the optional fields can be used")
		}
	}
	return nil
}

// checkNestedString applies limits and the rules Telegram words
// specifically to strings inside objects.
func checkNestedString(typ string, f Field, s string) *apiError {
	switch typ + "." + f.Name {
	case "InlineKeyboardButton.text", "KeyboardButton.text":
		if strings.TrimSpace(s) == "" {
			return badRequest("text must be non-empty")
		}
	case "InlineKeyboardButton.callback_data":
		if len(s) < f.Min || len(s) > f.Max {
			return badRequest("BUTTON_DATA_INVALID")
		}
		return nil
	case "InlineKeyboardButton.url":
		if _, ok := checkLink(s); !ok {
			return badRequest("BUTTON_URL_INVALID")
		}
	case "BotCommand.command":
		if !validCommand(s) {
			return badRequest("BOT_COMMAND_INVALID")
		}
		return nil
	case "BotCommand.description":
		if n := charCount(strings.TrimSpace(s)); n < f.Min || n > f.Max {
			return badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
		return nil
	}
	if f.Unit == "" || f.Parsed {
		return nil
	}
	n := charCount(s)
	unit := "characters"
	if f.Unit == "bytes" {
		n, unit = len(s), "bytes"
	}
	if n < f.Min || n > f.Max {
		return nestedError(typ, fmt.Sprintf("Field \"%s\" must be %d-%d %s long", f.Name, f.Min, f.Max, unit))
	}
	return nil
}

// validCommand: 1-32 characters, lowercase English letters, digits and
// underscores.
func validCommand(s string) bool {
	if len(s) < 1 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_' {
			return false
		}
	}
	return true
}

// decodeJSON decodes a parameter validation has already checked.
func decodeJSON(s string, v any) error {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	return dec.Decode(v)
}
