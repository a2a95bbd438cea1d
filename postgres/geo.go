package postgres

import "math"

// cosDeg is the cosine of an angle in degrees: the planar ordering of a
// search scales longitude differences by it.
func cosDeg(deg float64) float64 { return math.Cos(deg * math.Pi / 180) }
