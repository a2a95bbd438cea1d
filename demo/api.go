package demo

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of what a person can type, as in Telegram's apps.
const (
	maxTextRunes    = 4096
	maxCaptionRunes = 1024
	maxNameRunes    = 64
	maxCallbackData = 64 // bytes, Telegram's limit for callback_data
	maxBodyBytes    = 64 << 10
)

// languageTag matches the IETF tags Telegram reports as language_code
// ("en", "pt-br", "zh-hans"); empty means the app reports none.
var languageTag = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$`)

// decode reads a JSON body into v, answering 400 itself when it cannot.
// An empty body counts as {} so buttons without parameters need none.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		writeProblem(w, http.StatusRequestEntityTooLarge, "", "the request body is too large")
		return false
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return true
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		field := ""
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			field = typeErr.Field
		} else if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			field = strings.Trim(name, `"`)
		}
		writeProblem(w, http.StatusBadRequest, field, "the body is not valid JSON for this request: "+err.Error())
		return false
	}
	if dec.More() {
		writeProblem(w, http.StatusBadRequest, "", "the body holds more than one JSON value")
		return false
	}
	return true
}

// lookup finds the person named by the {id} path segment, answering 400 or
// 404 itself when there is none.
func (c *WebChat) lookup(w http.ResponseWriter, r *http.Request) (person, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeProblem(w, http.StatusBadRequest, "id", "the person id must be a number")
		return person{}, false
	}
	p, ok := c.personView(id)
	if !ok {
		writeProblem(w, http.StatusNotFound, "id", fmt.Sprintf("there is no person %d in this demo", id))
		return person{}, false
	}
	return p, true
}

// personView returns a copy of a person with their current blocked state,
// which the fake owns: writing to the bot unblocks it, as in Telegram.
func (c *WebChat) personView(id int64) (person, bool) {
	c.mu.Lock()
	p, ok := c.byID[id]
	var cp person
	if ok {
		cp = *p
	}
	c.mu.Unlock()
	if !ok {
		return person{}, false
	}
	cp.Blocked = c.fake.IsBlocked(id)
	return cp, true
}

func (c *WebChat) listPeople(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	out := make([]person, 0, len(c.people))
	for _, p := range c.people {
		out = append(out, *p)
	}
	c.mu.Unlock()
	for i := range out {
		out[i].Blocked = c.fake.IsBlocked(out[i].ID)
	}
	writeJSON(w, http.StatusOK, out)
}

// addPersonRequest is the body of POST /demo/api/people.
type addPersonRequest struct {
	// Language is the Telegram app's language_code; empty for none.
	Language string `json:"language"`
	// Name is how the page labels the person; "Person N" when empty. It
	// stays in the page: the bot never gets it.
	Name string `json:"name"`
}

func (c *WebChat) addPerson(w http.ResponseWriter, r *http.Request) {
	var req addPersonRequest
	if !decode(w, r, &req) {
		return
	}
	if req.Language != "" && !languageTag.MatchString(req.Language) {
		writeProblem(w, http.StatusBadRequest, "language", `the language must be an IETF tag such as "en" or "pt-br"`)
		return
	}
	req.Name = strings.TrimSpace(req.Name)
	if utf8.RuneCountInString(req.Name) > maxNameRunes {
		writeProblem(w, http.StatusBadRequest, "name", fmt.Sprintf("the name is longer than %d characters", maxNameRunes))
		return
	}
	c.mu.Lock()
	n := len(c.people) + 1
	p := &person{ID: firstUserID + int64(n-1), Name: req.Name, Language: strings.ToLower(req.Language)}
	if p.Name == "" {
		p.Name = fmt.Sprintf("Person %d", n)
	}
	// Adding to the fake under the lock keeps ids and order in step.
	c.fake.AddUser(p.ID, p.Language)
	c.people = append(c.people, p)
	c.byID[p.ID] = p
	cp := *p
	c.mu.Unlock()
	c.publish(event{name: "person", data: cp})
	writeJSON(w, http.StatusCreated, cp)
}

func (c *WebChat) listMessages(w http.ResponseWriter, r *http.Request) {
	p, ok := c.lookup(w, r)
	if !ok {
		return
	}
	out := []message{}
	for _, m := range c.fake.Messages(p.ID) {
		if mm, ok := convertMessage(m); ok {
			out = append(out, mm)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// sendTextRequest is the body of POST /demo/api/people/{id}/text.
type sendTextRequest struct {
	Text string `json:"text"`
}

func (c *WebChat) sendText(w http.ResponseWriter, r *http.Request) {
	p, ok := c.lookup(w, r)
	if !ok {
		return
	}
	var req sendTextRequest
	if !decode(w, r, &req) {
		return
	}
	switch n := utf8.RuneCountInString(req.Text); {
	case strings.TrimSpace(req.Text) == "":
		writeProblem(w, http.StatusBadRequest, "text", "the text is empty")
		return
	case n > maxTextRunes:
		writeProblem(w, http.StatusBadRequest, "text", fmt.Sprintf("the text is %d characters long; Telegram allows %d", n, maxTextRunes))
		return
	}
	if p.Member != 0 {
		c.send(w, p, func() int64 {
			// In privacy mode the bot gets only commands: 0 is no update,
			// not a deactivated account.
			if _, err := c.fake.SendGroupText(p.ID, p.Member, req.Text); err != nil {
				return 0
			}
			return 1
		})
		return
	}
	c.send(w, p, func() int64 { return c.fake.SendText(p.ID, req.Text) })
}

// mediaRequest is the body of POST /demo/api/people/{id}/{sticker,voice,photo};
// it may be empty.
type mediaRequest struct {
	// Caption goes with a photo.
	Caption string `json:"caption"`
	// Latitude and Longitude are a shared location's.
	Latitude  *float64 `json:"latitude"`
	Longitude *float64 `json:"longitude"`
}

func (c *WebChat) sendMedia(w http.ResponseWriter, r *http.Request) {
	media := r.PathValue("media")
	var send func(id int64, caption string) int64
	switch media {
	case "block", "unblock":
		c.setBlocked(w, r, media == "block")
		return
	case "sticker":
		send = func(id int64, _ string) int64 { return c.fake.SendSticker(id) }
	case "voice":
		send = func(id int64, _ string) int64 { return c.fake.SendVoice(id) }
	case "photo":
		send = c.fake.SendPhoto
	case "location":
		// Set below, once the body is read.
	default:
		writeProblem(w, http.StatusNotFound, "", "no such API endpoint: "+r.Method+" "+r.URL.Path)
		return
	}
	p, ok := c.lookup(w, r)
	if !ok {
		return
	}
	if p.Member != 0 {
		writeProblem(w, http.StatusBadRequest, "id", "in a staff group the demo only sends text and presses buttons")
		return
	}
	var req mediaRequest
	if !decode(w, r, &req) {
		return
	}
	if media == "location" {
		if req.Latitude == nil || req.Longitude == nil || *req.Latitude < -90 || *req.Latitude > 90 ||
			*req.Longitude < -180 || *req.Longitude > 180 {
			writeProblem(w, http.StatusBadRequest, "latitude", "a location needs latitude (-90 to 90) and longitude (-180 to 180)")
			return
		}
		lat, lon := *req.Latitude, *req.Longitude
		send = func(id int64, _ string) int64 { return c.fake.SendLocation(id, lat, lon) }
	}
	switch n := utf8.RuneCountInString(req.Caption); {
	case req.Caption != "" && media != "photo":
		writeProblem(w, http.StatusBadRequest, "caption", "only a photo has a caption")
		return
	case n > maxCaptionRunes:
		writeProblem(w, http.StatusBadRequest, "caption", fmt.Sprintf("the caption is %d characters long; Telegram allows %d", n, maxCaptionRunes))
		return
	}
	c.send(w, p, func() int64 { return send(p.ID, req.Caption) })
}

// send runs one of the fake's "person sends" calls and answers with the
// message as it now stands in the chat, so the page can show it before the
// event stream brings it too.
func (c *WebChat) send(w http.ResponseWriter, p person, do func() (updateID int64)) {
	// The fake answers with the update id, not the message: sends are
	// serialized so that the person's latest message is this one.
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	if do() == 0 {
		writeProblem(w, http.StatusConflict, "id", "this person's account is deactivated and cannot write")
		return
	}
	msgs := c.fake.Messages(p.ID)
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].FromBot {
			continue
		}
		if m, ok := convertMessage(msgs[i]); ok {
			writeJSON(w, http.StatusCreated, m)
			return
		}
		break
	}
	// Only a bot deleting the message at once gets here.
	w.WriteHeader(http.StatusCreated)
}

// pressRequest is the body of POST /demo/api/people/{id}/press.
type pressRequest struct {
	MessageID int    `json:"message_id"`
	Data      string `json:"data"`
}

func (c *WebChat) pressButton(w http.ResponseWriter, r *http.Request) {
	p, ok := c.lookup(w, r)
	if !ok {
		return
	}
	var req pressRequest
	if !decode(w, r, &req) {
		return
	}
	switch {
	case req.MessageID <= 0:
		writeProblem(w, http.StatusBadRequest, "message_id", "message_id must be the id of a message with the button")
		return
	case req.Data == "":
		writeProblem(w, http.StatusBadRequest, "data", "data must be the button's callback data")
		return
	case len(req.Data) > maxCallbackData:
		writeProblem(w, http.StatusBadRequest, "data", fmt.Sprintf("callback data is at most %d bytes", maxCallbackData))
		return
	}
	press := func() error { return c.fake.PressButton(p.ID, req.MessageID, req.Data) }
	if p.Member != 0 {
		press = func() error {
			_, err := c.fake.PressGroupButton(p.ID, p.Member, req.MessageID, req.Data)
			return err
		}
	}
	if err := press(); err != nil {
		// The fake refuses what a Telegram app could not do: press a
		// button that is no longer there (the bot edited or deleted the
		// message), or press while the bot is blocked.
		writeProblem(w, http.StatusConflict, "message_id", "the button cannot be pressed: "+strings.TrimPrefix(err.Error(), "pressing a button: "))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (c *WebChat) setBlocked(w http.ResponseWriter, r *http.Request, blocked bool) {
	p, ok := c.lookup(w, r)
	if !ok {
		return
	}
	if p.Member != 0 {
		writeProblem(w, http.StatusBadRequest, "id", "a group cannot block the bot")
		return
	}
	var req struct{}
	if !decode(w, r, &req) {
		return
	}
	if blocked {
		c.fake.Block(p.ID)
	} else {
		c.fake.Unblock(p.ID)
	}
	p.Blocked = c.fake.IsBlocked(p.ID)
	writeJSON(w, http.StatusOK, p)
}
