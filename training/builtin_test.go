package training

import (
	"testing"

	"github.com/peerbot/peerbot/content"
)

// TestBuiltinModules validates every built-in module, complete in every
// language built-ins must have. CI runs it: a broken built-in fails here.
func TestBuiltinModules(t *testing.T) {
	mods, probs := LoadAll(content.Modules, "modules", "content/modules", LoadOptions{Require: BuiltinLanguages})
	for _, p := range probs {
		t.Error(p)
	}
	if _, probs := NewCatalog(mods...); len(probs) > 0 {
		t.Error(probs)
	}
	t.Logf("%d built-in modules", len(mods))
}

// BenchmarkLoadBuiltins loads and validates every built-in module and the
// test fixtures (target: under 200 ms for all).
func BenchmarkLoadBuiltins(b *testing.B) {
	for b.Loop() {
		mods, probs := LoadAll(content.Modules, "modules", "content/modules", LoadOptions{Require: BuiltinLanguages})
		if len(probs) > 0 {
			b.Fatal(probs)
		}
		fixtures := fixture(b)
		if _, probs := NewCatalog(append(mods, fixtures.All()...)...); len(probs) > 0 {
			b.Fatal(probs)
		}
	}
}
