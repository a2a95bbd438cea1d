package demo

import (
	"fmt"
	"net/http"
	"testing"
)

// TestStaffGroup: a group made with a person carries their commands and
// button presses to the bot, as the group's member; a staff group cannot
// send media or block the bot.
func TestStaffGroup(t *testing.T) {
	h := newHarness(t)
	p := h.addPerson("pt")
	var g person
	if resp := h.do("POST", "/demo/api/groups", fmt.Sprintf(`{"name":"Equipa","member":%d}`, p.ID), &g); resp.StatusCode != http.StatusCreated {
		t.Fatalf("adding a group: status %d", resp.StatusCode)
	}
	if g.ID >= 0 || g.Member != p.ID || g.Name != "Equipa" {
		t.Fatalf("group %+v", g)
	}
	h.nextUpdate() // the bot was added to the group (my_chat_member)
	var m message
	if resp := h.do("POST", fmt.Sprintf("/demo/api/people/%d/text", g.ID), `{"text":"/linkgroup ABC"}`, &m); resp.StatusCode != http.StatusCreated {
		t.Fatalf("text in the group: status %d", resp.StatusCode)
	}
	if u := h.nextUpdate(); u.Message == nil || u.Message.Chat.ID != g.ID || u.Message.From.ID != p.ID || u.Message.Text != "/linkgroup ABC" {
		t.Errorf("update %+v, want the member's command in the group", u)
	}
	// Plain talk in the group reaches no bot in privacy mode, and is no error.
	if resp := h.do("POST", fmt.Sprintf("/demo/api/people/%d/text", g.ID), `{"text":"bom dia"}`, &m); resp.StatusCode != http.StatusCreated {
		t.Errorf("plain text in the group: status %d", resp.StatusCode)
	}
	id := h.sendKeyboard(g.ID, "v1:pk:1")
	if resp := h.do("POST", fmt.Sprintf("/demo/api/people/%d/press", g.ID), fmt.Sprintf(`{"message_id":%d,"data":"v1:pk:1"}`, id), nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("pressing in the group: status %d", resp.StatusCode)
	}
	if u := h.nextUpdate(); u.CallbackQuery == nil || u.CallbackQuery.From.ID != p.ID || u.CallbackQuery.Data != "v1:pk:1" {
		t.Errorf("update %+v, want the member's press", u)
	}
	for _, path := range []string{"photo", "block"} {
		if resp := h.do("POST", fmt.Sprintf("/demo/api/people/%d/%s", g.ID, path), `{}`, nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s in a group: status %d", path, resp.StatusCode)
		}
	}
	if resp := h.do("POST", "/demo/api/groups", `{"member":42}`, nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a group with no such member: status %d", resp.StatusCode)
	}
}
