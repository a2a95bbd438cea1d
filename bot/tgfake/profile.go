package tgfake

import (
	"encoding/json"
	"fmt"
	"slices"
)

// BotCommand is one entry of the bot's command menu.
type BotCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// commandKey is a (scope, language) pair of setMyCommands.
type commandKey struct {
	scope string // "default", "all_private_chats", "chat:123"...
	lang  string
}

func (s *Server) getMe(req *request) (any, string, *apiError) {
	me := s.botUser()
	me["can_join_groups"] = false
	me["can_read_all_group_messages"] = false
	me["supports_inline_queries"] = false
	me["can_connect_to_business"] = false
	me["has_main_web_app"] = false
	return me, "", nil
}

// scopeKey names a BotCommandScope (validated already).
func scopeKey(req *request) string {
	if !req.has("scope") {
		return "default"
	}
	var sc struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
		UserID json.RawMessage `json:"user_id"`
	}
	_ = decodeJSON(req.str("scope"), &sc)
	switch {
	case sc.UserID != nil:
		return fmt.Sprintf("%s:%s:%s", sc.Type, sc.ChatID, sc.UserID)
	case sc.ChatID != nil:
		return fmt.Sprintf("%s:%s", sc.Type, sc.ChatID)
	}
	return sc.Type
}

// checkLanguage accepts "" or a two-letter ISO 639-1 code.
func checkLanguage(req *request) (string, *apiError) {
	lang := req.str("language_code")
	if lang == "" {
		return "", nil
	}
	if len(lang) != 2 || !isAlpha(lang[0]) || !isAlpha(lang[1]) || lang[0] < 'a' || lang[1] < 'a' {
		return "", badRequest("invalid language code specified")
	}
	return lang, nil
}

func (s *Server) setMyCommands(req *request) (any, string, *apiError) {
	lang, err := checkLanguage(req)
	if err != nil {
		return nil, "", err
	}
	var cmds []BotCommand
	_ = decodeJSON(req.str("commands"), &cmds)
	key := commandKey{scope: scopeKey(req), lang: lang}
	if len(cmds) == 0 {
		delete(s.commands, key)
	} else {
		s.commands[key] = cmds
	}
	s.notifyLocked()
	return true, "", nil
}

func (s *Server) getMyCommands(req *request) (any, string, *apiError) {
	lang, err := checkLanguage(req)
	if err != nil {
		return nil, "", err
	}
	cmds := s.commands[commandKey{scope: scopeKey(req), lang: lang}]
	if cmds == nil {
		cmds = []BotCommand{}
	}
	return cmds, "", nil
}

func (s *Server) deleteMyCommands(req *request) (any, string, *apiError) {
	lang, err := checkLanguage(req)
	if err != nil {
		return nil, "", err
	}
	delete(s.commands, commandKey{scope: scopeKey(req), lang: lang})
	s.notifyLocked()
	return true, "", nil
}

// Commands returns the commands set for the default scope and exactly
// that language ("" for the fallback list), nil if none.
func (s *Server) Commands(languageCode string) []BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.commands[commandKey{scope: "default", lang: languageCode}])
}

// CommandsForUser returns the menu a person sees in their private chat,
// resolved like Telegram: chat scope, then all private chats, then
// default, each with the person's language first, then without.
func (s *Server) CommandsForUser(userID int64) []BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	lang := ""
	if u, ok := s.users[userID]; ok && len(u.languageCode) >= 2 {
		lang = u.languageCode[:2]
	}
	for _, scope := range []string{fmt.Sprintf("chat:%d", userID), "all_private_chats", "default"} {
		for _, l := range []string{lang, ""} {
			if cmds, ok := s.commands[commandKey{scope: scope, lang: l}]; ok {
				return slices.Clone(cmds)
			}
		}
	}
	return nil
}

func (s *Server) setMyDescription(req *request) (any, string, *apiError) {
	return s.setText(req, s.descriptions, "description")
}

func (s *Server) setMyShortDescription(req *request) (any, string, *apiError) {
	return s.setText(req, s.shortDescs, "short_description")
}

func (s *Server) setText(req *request, store map[string]string, param string) (any, string, *apiError) {
	lang, err := checkLanguage(req)
	if err != nil {
		return nil, "", err
	}
	if v := req.str(param); v == "" {
		delete(store, lang)
	} else {
		store[lang] = v
	}
	s.notifyLocked()
	return true, "", nil
}

func (s *Server) getMyDescription(req *request) (any, string, *apiError) {
	lang, err := checkLanguage(req)
	if err != nil {
		return nil, "", err
	}
	return map[string]any{"description": s.descriptions[lang]}, "", nil
}

func (s *Server) getMyShortDescription(req *request) (any, string, *apiError) {
	lang, err := checkLanguage(req)
	if err != nil {
		return nil, "", err
	}
	return map[string]any{"short_description": s.shortDescs[lang]}, "", nil
}

// Description returns the description set for exactly that language.
func (s *Server) Description(languageCode string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.descriptions[languageCode]
}

// ShortDescription returns the short description for exactly that language.
func (s *Server) ShortDescription(languageCode string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shortDescs[languageCode]
}
