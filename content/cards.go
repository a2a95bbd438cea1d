package content

import (
	"embed"
	"io/fs"
)

//go:embed cards
var builtinCards embed.FS

// BuiltinCards is the folder of built-in information cards, one folder per
// card (see the info package for the format).
func BuiltinCards() fs.FS {
	sub, err := fs.Sub(builtinCards, "cards")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	return sub
}
