package demo

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestStaticAssetsBuildNodesNotHTML guards the rule that bot text is data:
// the page must never hand a string to the HTML parser.
func TestStaticAssetsBuildNodesNotHTML(t *testing.T) {
	forbidden := []struct {
		name string
		re   *regexp.Regexp
	}{
		{"innerHTML", regexp.MustCompile(`innerHTML`)},
		{"outerHTML", regexp.MustCompile(`outerHTML`)},
		{"insertAdjacentHTML", regexp.MustCompile(`insertAdjacentHTML`)},
		{"document.write", regexp.MustCompile(`document\.write`)},
		{"eval", regexp.MustCompile(`\beval\s*\(`)},
		{"new Function", regexp.MustCompile(`new\s+Function\b`)},
		{"DOMParser", regexp.MustCompile(`DOMParser`)},
		{"createContextualFragment", regexp.MustCompile(`createContextualFragment`)},
	}
	js, err := fs.Glob(staticFiles, "static/*.js")
	if err != nil || len(js) == 0 {
		t.Fatalf("no embedded JavaScript found (err %v)", err)
	}
	for _, name := range js {
		src, err := staticFiles.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range forbidden {
			for i, line := range strings.Split(string(src), "\n") {
				if f.re.MatchString(line) {
					t.Errorf("%s:%d uses %s: build DOM nodes with textContent instead\n\t%s", name, i+1, f.name, strings.TrimSpace(line))
				}
			}
		}
	}
}

// TestStaticAssetsAreSelfContained fails when the page would reach for
// anything off the machine: the demo runs offline.
func TestStaticAssetsAreSelfContained(t *testing.T) {
	external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//|@import|url\(\s*["']?(https?:)?//`)
	err := fs.WalkDir(staticFiles, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := staticFiles.ReadFile(path)
		if err != nil {
			return err
		}
		if loc := external.FindIndex(src); loc != nil {
			t.Errorf("%s loads an external resource: %q", path, src[loc[0]:min(loc[1]+40, len(src))])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
