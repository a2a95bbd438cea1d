package referral_test

import (
	"testing"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/referral"
)

func options(t testing.TB) referral.ImportOptions {
	t.Helper()
	tax, err := referral.ParseTaxonomy(content.ReferralTaxonomy)
	if err != nil {
		t.Fatalf("built-in needs table: %v", err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	return referral.ImportOptions{Taxonomy: tax, Place: regions.Place}
}
