package redis

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestDeleteAll(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t) // cleans up everything below when the test ends
	// A prefix with glob characters, and a neighbour an unescaped pattern
	// ("g*:*") would also match.
	globby := New(s.rdb, s.prefix+"g*:")
	neighbour := New(s.rdb, s.prefix+"gz:")
	for i := range 2500 {
		if err := globby.SetState(ctx, fmt.Sprintf("chat%d", i), []byte("x"), time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	if err := neighbour.SetState(ctx, "chat", []byte("keep"), time.Minute); err != nil {
		t.Fatal(err)
	}
	n, err := globby.DeleteAll(ctx)
	if err != nil || n != 2500 {
		t.Fatalf("DeleteAll = %d, %v; want 2500", n, err)
	}
	if got, err := neighbour.GetState(ctx, "chat"); err != nil || string(got) != "keep" {
		t.Fatalf("the neighbour's key = %q, %v", got, err)
	}
	if _, err := New(s.rdb, "").DeleteAll(ctx); err == nil {
		t.Error("DeleteAll without a prefix must refuse")
	}
}
