package referral

import (
	"fmt"
	"math"
)

// Typed HSDS identifiers, as the data package writes them.
type (
	// OrganizationID is an HSDS organization.id (a provider in the directory,
	// not an orgs.Org running the bot).
	OrganizationID string
	// ServiceID is an HSDS service.id.
	ServiceID string
	// LocationID is an HSDS location.id.
	LocationID string
)

// Organization is a provider listed in the directory.
type Organization struct {
	ID          OrganizationID
	Name        string
	Description string
	URL         string
}

// Service is what a provider offers.
type Service struct {
	ID           ServiceID
	Organization OrganizationID
	Name         string
	Description  string
	URL          string
	Status       string // active, inactive, defunct, temporarily closed
	Fees         string
	Needs        []Need
	Flags        []Flag
}

// Location is where services are delivered, with its first address.
type Location struct {
	ID           LocationID
	Organization OrganizationID // may be empty
	Name         string
	Lat, Lon     float64
	Address      string
	City         string
	PostalCode   string
	Country      string // ISO 3166-1 alpha-2
	Region       string // ISO 3166-2 code of the deployment, else the country
	TimeZone     string // IANA
}

// ServiceAtLocation is a service offered at a location.
type ServiceAtLocation struct {
	ID       string
	Service  ServiceID
	Location LocationID
}

// Phone is a public number of a service or location.
type Phone struct {
	ID       string
	Service  ServiceID
	Location LocationID
	Number   string
}

// Schedule is one weekly opening of a service, of a location, or of a
// service at one location.
type Schedule struct {
	ID       string
	Service  ServiceID
	Location LocationID
	Hours    Hours
}

// Term is a taxonomy term.
type Term struct {
	ID       string
	Code     string
	Name     string
	Taxonomy string
}

// ServiceTerm links a service to a term (an HSDS attribute).
type ServiceTerm struct {
	ID      string
	Service ServiceID
	Term    string
}

// Language is a language a service is offered in.
type Language struct {
	ID       string
	Service  ServiceID
	Location LocationID
	Code     string
}

// Directory is a whole directory, or the part of one that an import read.
type Directory struct {
	Organizations      []Organization
	Services           []Service
	Locations          []Location
	ServiceAtLocations []ServiceAtLocation
	Phones             []Phone
	Schedules          []Schedule
	Terms              []Term
	ServiceTerms       []ServiceTerm
	Languages          []Language
}

// Counts sums up a directory for the import report.
func (d *Directory) Counts() string {
	return fmt.Sprintf("%d organizations, %d services, %d locations, %d services at locations, %d phones, %d schedules, %d taxonomy terms, %d service terms, %d languages",
		len(d.Organizations), len(d.Services), len(d.Locations), len(d.ServiceAtLocations), len(d.Phones),
		len(d.Schedules), len(d.Terms), len(d.ServiceTerms), len(d.Languages))
}

// RowError is a row an import could not use: "file:row: problem". Row is
// the line number in the file (the CSV header is line 1), or the index
// path in a JSON document.
type RowError struct {
	File    string
	Row     int
	Problem string
}

func (e RowError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Row, e.Problem) }

// earthRadiusKm is the mean Earth radius.
const earthRadiusKm = 6371.0088

// DistanceKm is the great-circle (haversine) distance between two points.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(a)))
}

// ValidCoordinates reports whether lat and lon are on Earth.
func ValidCoordinates(lat, lon float64) bool {
	return !math.IsNaN(lat) && !math.IsNaN(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}
