package bot

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Callback data says what a button does, in full, so that a button keeps
// working after a restart and on any replica (DESIGN.md rule 5): no handler
// registered in one process's memory, no server-side lookup.
//
// The wire format is "v1:action:arg1:arg2...", at most MaxCallbackData
// bytes. The version prefix lets a later release change the format and
// recognise old buttons still sitting in people's chats.

// CallbackVersion is the version prefix of the callback data this release
// writes.
const CallbackVersion = "v1"

// CallbackSeparator separates the version, the action and the arguments.
// Neither the action nor an argument may contain it.
const CallbackSeparator = ":"

// ErrStaleCallback is returned by DecodeCallback for data this release does
// not understand: an unknown version, or malformed data. The button comes
// from an older menu; the bot answers "this menu has changed" and shows a
// fresh one.
var ErrStaleCallback = errors.New("stale or malformed callback data")

// Callback is what a button asks the bot to do: an action name understood by
// the flows, and a few short arguments.
type Callback struct {
	Action string
	Args   []string
}

// EncodeCallback returns the callback data for c. It fails when the action
// is empty, when the action or an argument contains CallbackSeparator or is
// not UTF-8, or when the result exceeds MaxCallbackData bytes.
func EncodeCallback(c Callback) (string, error) {
	if c.Action == "" {
		return "", errors.New("encoding callback: empty action")
	}
	if err := checkCallbackField(c.Action); err != nil {
		return "", fmt.Errorf("encoding callback %q: action: %w", c.Action, err)
	}
	for i, a := range c.Args {
		if err := checkCallbackField(a); err != nil {
			return "", fmt.Errorf("encoding callback %q: argument %d: %w", c.Action, i, err)
		}
	}
	s := CallbackVersion + CallbackSeparator + c.Action
	for _, a := range c.Args {
		s += CallbackSeparator + a
	}
	if len(s) > MaxCallbackData {
		return "", fmt.Errorf("encoding callback %q: %d bytes, over Telegram's %d", c.Action, len(s), MaxCallbackData)
	}
	return s, nil
}

func checkCallbackField(f string) error {
	if strings.Contains(f, CallbackSeparator) {
		return fmt.Errorf("contains the separator %q", CallbackSeparator)
	}
	if !utf8.ValidString(f) {
		return errors.New("not valid UTF-8")
	}
	return nil
}

// MustEncodeCallback is EncodeCallback for callbacks built by the program
// itself, where an error is a bug: it panics on error.
func MustEncodeCallback(c Callback) string {
	s, err := EncodeCallback(c)
	if err != nil {
		panic(err)
	}
	return s
}

// DecodeCallback parses callback data written by EncodeCallback. Data from
// another version, or data that is not well formed, gives an error wrapping
// ErrStaleCallback. A callback without arguments has nil Args.
func DecodeCallback(s string) (Callback, error) {
	if len(s) > MaxCallbackData || !utf8.ValidString(s) {
		return Callback{}, fmt.Errorf("%w: not callback data of this bot", ErrStaleCallback)
	}
	version, rest, ok := strings.Cut(s, CallbackSeparator)
	if !ok || version != CallbackVersion {
		return Callback{}, fmt.Errorf("%w: unknown version", ErrStaleCallback)
	}
	fields := strings.Split(rest, CallbackSeparator)
	if fields[0] == "" {
		return Callback{}, fmt.Errorf("%w: empty action", ErrStaleCallback)
	}
	c := Callback{Action: fields[0]}
	if len(fields) > 1 {
		c.Args = fields[1:]
	}
	return c, nil
}
