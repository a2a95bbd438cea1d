package demo

import (
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// firstGroupID is the chat id of the first demo group: a supergroup id,
// -100 followed by ten digits.
const firstGroupID int64 = -1009100000001

// addGroupRequest is the body of POST /demo/api/groups.
type addGroupRequest struct {
	// Name is the group's title.
	Name string `json:"name"`
	// Member is the person who adds the bot to the group, then writes and
	// presses buttons there (a staff member or peer worker).
	Member int64 `json:"member"`
}

// addGroup creates a group chat with the bot in it, as a staff member
// would to receive an organisation's referral requests (/linkgroup CODE).
// It is listed with the people; text and button presses in it come from
// its member.
func (c *WebChat) addGroup(w http.ResponseWriter, r *http.Request) {
	var req addGroupRequest
	if !decode(w, r, &req) {
		return
	}
	req.Name = strings.TrimSpace(req.Name)
	if req.Name == "" {
		req.Name = "Staff group"
	}
	if utf8.RuneCountInString(req.Name) > maxNameRunes {
		writeProblem(w, http.StatusBadRequest, "name", fmt.Sprintf("the name is longer than %d characters", maxNameRunes))
		return
	}
	member, ok := c.personView(req.Member)
	if !ok || member.Member != 0 {
		writeProblem(w, http.StatusBadRequest, "member", "member must be the id of a person of this demo")
		return
	}
	c.mu.Lock()
	groups := 0
	for _, p := range c.people {
		if p.Member != 0 {
			groups++
		}
	}
	g := &person{ID: firstGroupID - int64(groups), Name: req.Name, Language: member.Language, Member: member.ID}
	if _, err := c.fake.AddGroup(g.ID, g.Name, member.ID); err != nil {
		c.mu.Unlock()
		writeProblem(w, http.StatusConflict, "name", "the group cannot be made: "+err.Error())
		return
	}
	c.people = append(c.people, g)
	c.byID[g.ID] = g
	cp := *g
	c.mu.Unlock()
	c.publish(event{name: "person", data: cp})
	writeJSON(w, http.StatusCreated, cp)
}
