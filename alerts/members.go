package alerts

import "time"

// A partner's staff compose alerts in the Telegram bot. They link their
// account to the partner with a one-time code the operator makes
// (`peerbot partners link-code NAME`) and send as /partner CODE; a person
// composes for one partner at most.

// PartnerCodeTTL is how long a partner link code works; it works once.
const PartnerCodeTTL = 24 * time.Hour

// The refusals of a partner link code, and of a person who is no partner's
// member. Stores return (or wrap) these values, so callers match them with
// errors.Is and answer each in their own words.
var (
	ErrPartnerCodeUnknown = &Error{Code: ErrNotFound, Message: "no partner link code matches"}
	ErrPartnerCodeExpired = &Error{Code: ErrConflict, Message: "the partner link code has expired"}
	ErrPartnerCodeUsed    = &Error{Code: ErrConflict, Message: "the partner link code has already been used"}
	ErrNotPartnerMember   = &Error{Code: ErrNotFound, Message: "the person composes alerts for no partner"}
)
