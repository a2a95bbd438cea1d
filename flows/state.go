package flows

import (
	"context"
	"encoding/json"
	"fmt"
)

// state is what a conversation remembers between updates, in Redis with a
// TTL. It may be lost at any time: losing it only asks the person to repeat
// a step, because everything decided is saved in the person's profile.
type state struct {
	// Lang is the language chosen before consent, when there is no profile
	// yet to hold it.
	Lang string `json:"l,omitempty"`
	// Step is the onboarding step shown last.
	Step string `json:"s,omitempty"`
	// Join is an invite code from /start join_CODE, kept until the person
	// consents: only then may they be stored as a member.
	Join string `json:"j,omitempty"`
}

// Onboarding steps.
const (
	stepLanguage = "language"
	stepPrivacy  = "privacy"
	stepRegions  = "regions"
	stepGroups   = "groups"
)

func (t *turn) loadState(ctx context.Context) (state, error) {
	var st state
	raw, err := t.States.GetState(ctx, t.Keys(t.in.Chat))
	if err != nil {
		return st, fmt.Errorf("loading conversation state: %w", err)
	}
	if raw != nil && json.Unmarshal(raw, &st) != nil {
		st = state{} // an unreadable state from an older release is dropped
	}
	return st, nil
}

func (t *turn) saveState(ctx context.Context) error {
	raw, err := json.Marshal(t.st)
	if err != nil {
		return fmt.Errorf("encoding conversation state: %w", err)
	}
	if err := t.States.SetState(ctx, t.Keys(t.in.Chat), raw, t.StateTTL); err != nil {
		return fmt.Errorf("saving conversation state: %w", err)
	}
	return nil
}

func (t *turn) clearState(ctx context.Context) (bool, error) {
	existed, err := t.States.DeleteState(ctx, t.Keys(t.in.Chat))
	if err != nil {
		return false, fmt.Errorf("deleting conversation state: %w", err)
	}
	return existed, nil
}

// loadDraft reads a composer's draft kept as JSON in conversation state:
// nil when there is none, or when it no longer reads or has no id (a
// draft from an older release is dropped). what names it in errors.
func loadDraft[T any](ctx context.Context, states States, key, what string, id func(*T) string) (*T, error) {
	raw, err := states.GetState(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", what, err)
	}
	if raw == nil {
		return nil, nil
	}
	var d T
	if json.Unmarshal(raw, &d) != nil || id(&d) == "" {
		return nil, nil
	}
	return &d, nil
}

// saveDraft keeps a composer's draft as JSON in conversation state.
func (t *turn) saveDraft(ctx context.Context, key, what string, d any) error {
	raw, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", what, err)
	}
	if err := t.States.SetState(ctx, key, raw, t.StateTTL); err != nil {
		return fmt.Errorf("saving %s: %w", what, err)
	}
	return nil
}
