package alerts

import (
	"errors"
	"fmt"
)

// ErrorCode says what kind of failure an error is, so that adapters (the
// HTTP API, the bot, the CLI) can answer it in their own terms in one
// place: api/ maps the codes to HTTP statuses.
type ErrorCode string

// The error codes of the alert domain. A *ValidationError is ErrInvalid;
// anything that is neither an *Error nor a *ValidationError is internal.
const (
	ErrInvalid      ErrorCode = "invalid"      // the input breaks a rule; the field says where
	ErrNotFound     ErrorCode = "not_found"    // no such alert or partner
	ErrConflict     ErrorCode = "conflict"     // the request does not fit the current state
	ErrForbidden    ErrorCode = "forbidden"    // the partner may not do this (region outside its scope)
	ErrUnauthorized ErrorCode = "unauthorized" // no valid partner credentials
	ErrInternal     ErrorCode = "internal"     // anything else: a bug or an outage
)

// Error is a domain error with a code, the field at fault when there is one
// (a JSON path, like ValidationError's) and a message safe to show to the
// partner.
type Error struct {
	Code    ErrorCode
	Field   string
	Message string
}

// Error returns "field: message", or the message alone.
func (e *Error) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// Errorf returns an *Error with a formatted message.
func Errorf(code ErrorCode, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Code returns the code of err: that of an *Error, ErrInvalid for a
// *ValidationError, ErrInternal for anything else (nil included).
func Code(err error) ErrorCode {
	var e *Error
	var v *ValidationError
	switch {
	case errors.As(err, &e):
		return e.Code
	case errors.As(err, &v):
		return ErrInvalid
	}
	return ErrInternal
}

// IsNotFound reports whether err is a not_found error.
func IsNotFound(err error) bool { return err != nil && Code(err) == ErrNotFound }
