// Package charts draws the PNG charts staff get in the bot (feedback,
// surveys, outreach): grouped bar charts and lines over time, with
// gonum.org/v1/plot. Callers pass numbers already suppressed for privacy
// (stats.Count.Plot) and localized labels; this package knows nothing of
// people, languages or Telegram.
package charts

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one named set of values, one per category or point in time.
type Series struct {
	Name   string
	Values []float64
}

// Chart is what to draw.
type Chart struct {
	Title      string   // drawn above the chart
	Categories []string // the x axis: answers, ratings, months...
	Series     []Series // one bar per series in each category, or one line
	YLabel     string   // optional
	Caption    string   // optional, drawn under the x axis (such as "counts under 5 are not shown")
}

// Size of the picture: wide enough for a phone screen held upright, small
// enough to upload quickly on a poor connection.
const (
	width  = 16 * vg.Centimeter
	height = 10 * vg.Centimeter
)

// ErrEmpty is returned for a chart with nothing to draw.
var ErrEmpty = errors.New("charts: nothing to draw")

func (c Chart) check() error {
	if len(c.Categories) == 0 || len(c.Series) == 0 {
		return ErrEmpty
	}
	for _, s := range c.Series {
		if len(s.Values) != len(c.Categories) {
			return fmt.Errorf("charts: series %q has %d values for %d categories", s.Name, len(s.Values), len(c.Categories))
		}
	}
	return nil
}

func (c Chart) plot() *plot.Plot {
	p := plot.New()
	p.Title.Text = c.Title
	p.Y.Label.Text = c.YLabel
	p.X.Label.Text = c.Caption
	p.Y.Min = 0
	// Headroom above the tallest value keeps the legend off the data.
	top := 1.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			top = max(top, v)
		}
	}
	p.Y.Max = top * 1.3
	p.Legend.Top = true
	return p
}

// Bars draws a grouped bar chart: a group per category, a bar per series.
func Bars(c Chart) ([]byte, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	p := c.plot()
	n := len(c.Series)
	w := vg.Points(min(40, 240/float64(n*len(c.Categories))+4))
	for i, s := range c.Series {
		b, err := plotter.NewBarChart(plotter.Values(s.Values), w)
		if err != nil {
			return nil, fmt.Errorf("charts: bars %q: %w", s.Name, err)
		}
		b.LineStyle.Width = 0
		b.Color = plotutil.Color(i)
		b.Offset = w * vg.Length(float64(i)-float64(n-1)/2)
		p.Add(b)
		if n > 1 {
			p.Legend.Add(s.Name, b)
		}
	}
	p.NominalX(c.Categories...)
	return render(p)
}

// Lines draws one line per series over the categories (periods of time).
func Lines(c Chart) ([]byte, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	p := c.plot()
	for i, s := range c.Series {
		pts := make(plotter.XYs, len(s.Values))
		for j, v := range s.Values {
			pts[j] = plotter.XY{X: float64(j), Y: v}
		}
		l, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, fmt.Errorf("charts: line %q: %w", s.Name, err)
		}
		l.Color = plotutil.Color(i)
		l.Width = vg.Points(2)
		sc.Color = plotutil.Color(i)
		sc.Shape = draw.CircleGlyph{}
		p.Add(l, sc)
		if len(c.Series) > 1 {
			p.Legend.Add(s.Name, l, sc)
		}
	}
	p.NominalX(c.Categories...)
	return render(p)
}

func render(p *plot.Plot) ([]byte, error) {
	p.BackgroundColor = color.White
	wt, err := p.WriterTo(width, height, "png")
	if err != nil {
		return nil, fmt.Errorf("charts: rendering: %w", err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("charts: writing png: %w", err)
	}
	return buf.Bytes(), nil
}
