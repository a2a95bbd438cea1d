package training

import (
	"os"
	"testing"
	"testing/fstest"
)

// FuzzLoadModule feeds arbitrary module.yaml and en.yaml to the loader: it
// must never panic, and must either load a module or say what is wrong.
// Minimizing a large YAML input takes long: run it with
// go test -run '^$' -fuzz FuzzLoadModule -fuzztime 30s -fuzzminimizetime 1s ./training/
func FuzzLoadModule(f *testing.F) {
	meta, _ := os.ReadFile("testdata/content/modules/checking/module.yaml")
	en, _ := os.ReadFile("testdata/content/modules/checking/en.yaml")
	bad, _ := os.ReadFile("testdata/broken/badlang/en.yaml")
	f.Add(meta, en)
	f.Add(meta, bad)
	f.Add([]byte("id: [x"), []byte(""))
	f.Add([]byte("- a\n- b"), []byte("title: {a: b}"))
	f.Fuzz(func(t *testing.T, meta, en []byte) {
		fsys := fstest.MapFS{
			"checking/module.yaml": {Data: meta},
			"checking/en.yaml":     {Data: en},
		}
		m, probs := LoadModule(fsys, "checking", "checking", LoadOptions{})
		if (m == nil) == (len(probs) == 0) {
			t.Fatalf("module %v with %d problems", m != nil, len(probs))
		}
		for _, p := range probs {
			if p.Msg == "" {
				t.Fatal("a problem without a message")
			}
		}
	})
}
