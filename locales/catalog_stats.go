package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Shared by every report and chart staff see: small counts are never shown
// (see package stats).
var (
	FewerThanFive    = &i18n.Message{ID: "FewerThanFive", Description: "Shown instead of a count from 1 to 4 in reports, so no one can be singled out", Other: "fewer than 5"}
	ChartSmallCounts = &i18n.Message{ID: "ChartSmallCounts", Description: "Caption under a chart whose counts under 5 are drawn as zero", Other: "counts under 5 are not shown"}
)
