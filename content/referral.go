package content

import (
	"embed"
	"io/fs"
	"strings"
)

// ReferralTaxonomy is the built-in needs table of referral routing
// (referral_taxonomy.yaml), parsed by referral.ParseTaxonomy.
//
//go:embed referral_taxonomy.yaml
var ReferralTaxonomy []byte

//go:embed demo_directory
var demoDirectory embed.FS

// DemoDirectory is a clearly fictional HSDS 3.0 data package (CSV) for the
// demo regions, loaded by `peerbot demo`. None of its services exists.
func DemoDirectory() fs.FS {
	sub, err := fs.Sub(demoDirectory, "demo_directory")
	if err != nil {
		panic(err) // the directory is embedded: it is there
	}
	return sub
}

// Place says where a directory location is: the deployment's region code
// for an address (region, as the address writes it: an ISO 3166-2 code
// such as PT-11, or a region's name in any language) in country, falling
// back to the country code; and the country's time zone. ok is false for a
// country the deployment does not have.
func (r *Regions) Place(country, region string) (code, zone string, ok bool) {
	c, ok := r.Country(strings.ToUpper(strings.TrimSpace(country)))
	if !ok {
		return "", "", false
	}
	region = strings.TrimSpace(region)
	for _, reg := range c.Regions {
		if strings.EqualFold(reg.Code, region) {
			return reg.Code, c.TimeZone, true
		}
		for _, n := range reg.Names {
			if region != "" && strings.EqualFold(n, region) {
				return reg.Code, c.TimeZone, true
			}
		}
	}
	return c.Code, c.TimeZone, true
}
