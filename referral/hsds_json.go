package referral

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReadJSON reads HSDS JSON in either of its shapes:
//
//   - nested, as the HSDS 3.0 API returns services: an array of service
//     objects (or a page {"contents": [...]}) with their organization,
//     service_at_locations (each with its location, its addresses, phones
//     and schedules), phones, schedules, attributes (each with its
//     taxonomy_term) and languages inside;
//   - tabular: an object with an array of records per resource, named as in
//     the data package ("organization", "service", ...; plurals accepted).
//
// Rows are reported as FILE#path:N, N counting from 1.
func ReadJSON(r io.Reader, name string, opt ImportOptions) (*Directory, []RowError, error) {
	var doc any
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	t := tables{}
	switch doc := doc.(type) {
	case []any:
		t.nested(doc, name+"#services", newSeen())
	case map[string]any:
		if contents, ok := doc["contents"].([]any); ok {
			t.nested(contents, name+"#contents", newSeen())
			break
		}
		for key, v := range doc {
			recs, ok := v.([]any)
			res := resourceName(key)
			if _, known := resourceFiles[res]; !ok || !known {
				continue
			}
			for i, rec := range recs {
				obj, _ := rec.(map[string]any)
				t[res] = append(t[res], row{file: name + "#" + key, line: i + 1, fields: scalars(obj)})
			}
		}
	default:
		return nil, nil, fmt.Errorf("%s: neither an array of services nor an object of resources", name)
	}
	d, bad := t.directory(opt)
	return d, bad, nil
}

// resourceName maps a JSON key to a resource: "services" to "service",
// "addresses" to "address".
func resourceName(key string) string {
	key = strings.ToLower(key)
	switch key {
	case "service_at_locations":
		return "service_at_location"
	case "addresses":
		return "address"
	case "taxonomy_terms":
		return "taxonomy_term"
	}
	return strings.TrimSuffix(key, "s")
}

// scalars keeps an object's strings, numbers and booleans as fields.
func scalars(obj map[string]any) map[string]string {
	fields := map[string]string{}
	for k, v := range obj {
		switch v := v.(type) {
		case string:
			fields[k] = v
		case json.Number:
			fields[k] = v.String()
		case bool:
			fields[k] = strconv.FormatBool(v)
		}
	}
	return fields
}

// child is a nested object or array of a resource: the resource it holds,
// and how it links to its parent.
type child struct {
	resource string
	// parentField is set on the child to the parent's id ("" for none).
	parentField string
	// ownField is set on the parent to the child's id (a single object
	// such as a service's organization); "" for none.
	ownField string
	// entity is the child's link_entity (attributes).
	entity string
}

// nestedChildren says, per resource, which keys hold nested children.
var nestedChildren = map[string]map[string]child{
	"service": {
		"organization":         {resource: "organization", ownField: "organization_id"},
		"service_at_locations": {resource: "service_at_location", parentField: "service_id"},
		"phones":               {resource: "phone", parentField: "service_id"},
		"schedules":            {resource: "schedule", parentField: "service_id"},
		"attributes":           {resource: "attribute", parentField: "link_id", entity: "service"},
		"languages":            {resource: "language", parentField: "service_id"},
	},
	"service_at_location": {
		"location":  {resource: "location", ownField: "location_id"},
		"phones":    {resource: "phone", parentField: "service_at_location_id"},
		"schedules": {resource: "schedule", parentField: "service_at_location_id"},
	},
	"location": {
		"addresses": {resource: "address", parentField: "location_id"},
		"phones":    {resource: "phone", parentField: "location_id"},
		"schedules": {resource: "schedule", parentField: "location_id"},
		"languages": {resource: "language", parentField: "location_id"},
	},
	"attribute": {
		"taxonomy_term": {resource: "taxonomy_term", ownField: "taxonomy_term_id"},
	},
}

// seen keeps nested records that appear more than once (an organization
// under each of its services) from being reported as duplicates.
type seen map[string]map[string]bool

func newSeen() seen { return seen{} }

func (s seen) first(resource, id string) bool {
	if id == "" {
		return true // the checks report the missing id
	}
	if s[resource] == nil {
		s[resource] = map[string]bool{}
	}
	if s[resource][id] {
		return false
	}
	s[resource][id] = true
	return true
}

// nested flattens an array of nested service objects into rows.
func (t tables) nested(services []any, path string, s seen) {
	for i, v := range services {
		obj, _ := v.(map[string]any)
		t.flatten("service", obj, path, i+1, nil, s)
	}
}

// flatten adds obj as a row of resource (with extra fields from its
// parent) and its nested children as rows of theirs. It returns the row's
// id.
func (t tables) flatten(resource string, obj map[string]any, path string, n int, extra map[string]string, s seen) string {
	fields := scalars(obj)
	for k, v := range extra {
		fields[k] = v
	}
	id := strings.TrimSpace(fields["id"])
	// Single nested objects give the parent a field, so they come first.
	for key, c := range nestedChildren[resource] {
		if one, ok := obj[key].(map[string]any); ok && c.ownField != "" {
			if cid := t.flatten(c.resource, one, path+"/"+key, n, nil, s); cid != "" {
				fields[c.ownField] = cid
			}
		}
	}
	if s.first(resource, id) {
		t[resource] = append(t[resource], row{file: path, line: n, fields: fields})
	}
	for key, c := range nestedChildren[resource] {
		many, ok := obj[key].([]any)
		if !ok || c.ownField != "" {
			continue
		}
		for j, v := range many {
			cobj, _ := v.(map[string]any)
			x := map[string]string{}
			if c.parentField != "" {
				x[c.parentField] = id
			}
			if c.entity != "" {
				x["link_entity"] = c.entity
			}
			t.flatten(c.resource, cobj, fmt.Sprintf("%s[%d]/%s", path, n, key), j+1, x, s)
		}
	}
	return id
}
