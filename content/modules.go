package content

import "embed"

// Modules holds the built-in training modules, one folder each under
// "modules" (see modules/README.md and the training package). "all:"
// keeps the embed valid while the folder holds only its README.
//
//go:embed all:modules
var Modules embed.FS
