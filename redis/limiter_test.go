package redis

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// reserve calls Reserve and fails the test on error.
func reserve(t *testing.T, s *Store, chatKey string, lane Lane, l Limits) time.Duration {
	t.Helper()
	wait, err := s.Reserve(context.Background(), chatKey, lane, l)
	if err != nil {
		t.Fatalf("Reserve(%q, lane %d): %v", chatKey, lane, err)
	}
	if wait < 0 {
		t.Fatalf("Reserve(%q, lane %d) = %v, negative", chatKey, lane, wait)
	}
	return wait
}

// slow is a rate so low that no token refills during a test.
const slow = 0.001

func TestReserveBurst(t *testing.T) {
	tests := []struct {
		name    string
		limits  Limits
		calls   int
		granted int
		maxWait time.Duration // upper bound on a refusal's wait
	}{
		{"global burst", Limits{GlobalRate: slow, GlobalBurst: 5}, 10, 5, time.Duration(1 / slow * float64(time.Second))},
		{"chat burst", Limits{ChatRate: slow, ChatBurst: 3}, 10, 3, time.Duration(1 / slow * float64(time.Second))},
		{"chat tighter than global", Limits{GlobalRate: slow, GlobalBurst: 5, ChatRate: slow, ChatBurst: 2}, 10, 2, time.Duration(1 / slow * float64(time.Second))},
		{"burst 0 counts as 1", Limits{GlobalRate: slow}, 5, 1, time.Duration(1 / slow * float64(time.Second))},
		{"refusal wait is one token's time", Limits{GlobalRate: 2, GlobalBurst: 1}, 3, 1, 500 * time.Millisecond},
		{"unlimited", Limits{}, 300, 300, 0},
		{"unlimited ignores burst", Limits{GlobalBurst: 1, ChatBurst: 1}, 300, 300, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestStore(t)
			granted := 0
			for range tt.calls {
				wait := reserve(t, s, "chat", LaneReply, tt.limits)
				if wait == 0 {
					granted++
					continue
				}
				if wait > tt.maxWait {
					t.Errorf("wait %v, want at most %v", wait, tt.maxWait)
				}
			}
			if granted != tt.granted {
				t.Errorf("granted %d of %d, want %d", granted, tt.calls, tt.granted)
			}
		})
	}
}

// TestReserveRate has workers send as fast as the limiter lets them and
// checks, at every grant, that grants so far stay within burst + rate ×
// elapsed. Elapsed is measured from before the first call to after each
// grant, so it can only overstate the server's window: a loaded machine makes
// the bound looser, never flaky.
func TestReserveRate(t *testing.T) {
	tests := []struct {
		name   string
		limits Limits
		rate   float64
		burst  int
		chats  int // distinct chat keys the workers send to
	}{
		{"global", Limits{GlobalRate: 40, GlobalBurst: 4}, 40, 4, 4},
		{"per chat", Limits{ChatRate: 20, ChatBurst: 2}, 20, 2, 1},
		{"chat within global", Limits{GlobalRate: 100, GlobalBurst: 10, ChatRate: 15, ChatBurst: 3}, 15, 3, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			s := newTestStore(t)
			const workers, each = 4, 6
			var mu sync.Mutex
			var grants []time.Duration // elapsed at each grant, in order of recording
			start := time.Now()
			var wg sync.WaitGroup
			errs := make(chan error, workers)
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					chat := fmt.Sprintf("chat-%d", w%tt.chats)
					for range each {
						if err := s.ReserveWait(ctx, chat, LaneReply, tt.limits); err != nil {
							errs <- err
							return
						}
						mu.Lock()
						grants = append(grants, time.Since(start))
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			if len(grants) != workers*each {
				t.Fatalf("%d grants, want %d", len(grants), workers*each)
			}
			// grants is in recording order, and each grant happened (on the
			// server) before it was recorded: the first n recorded grants
			// all fell within [start, grants[n-1]].
			for n, at := range grants {
				allowed := float64(tt.burst) + tt.rate*at.Seconds() + 1
				if float64(n+1) > allowed {
					t.Fatalf("%d grants within %v, limit allows %.1f", n+1, at, allowed)
				}
			}
		})
	}
}

func TestReserveChatIsolation(t *testing.T) {
	s := newTestStore(t)
	l := Limits{ChatRate: slow, ChatBurst: 2}
	for _, chat := range []string{"a", "b", "c"} {
		for i := range 2 {
			if wait := reserve(t, s, chat, LaneReply, l); wait != 0 {
				t.Fatalf("chat %s send %d: wait %v, want a grant", chat, i, wait)
			}
		}
		if wait := reserve(t, s, chat, LaneReply, l); wait == 0 {
			t.Fatalf("chat %s: third send granted beyond burst 2", chat)
		}
	}
	// An empty chat key is checked against the global bucket only.
	for range 5 {
		if wait := reserve(t, s, "", LaneReply, l); wait != 0 {
			t.Fatalf("no chat key: wait %v, want a grant", wait)
		}
	}
}

// TestReserveTakesNothingWhenWaiting: a refusal because of the global bucket
// leaves the chat's token in place.
func TestReserveTakesNothingWhenWaiting(t *testing.T) {
	s := newTestStore(t)
	both := Limits{GlobalRate: slow, GlobalBurst: 1, ChatRate: slow, ChatBurst: 1}
	chatOnly := Limits{ChatRate: slow, ChatBurst: 1}
	if wait := reserve(t, s, "a", LaneReply, both); wait != 0 {
		t.Fatalf("first send waits %v", wait)
	}
	if wait := reserve(t, s, "b", LaneReply, both); wait == 0 {
		t.Fatal("global burst exceeded")
	}
	if wait := reserve(t, s, "b", LaneReply, chatOnly); wait != 0 {
		t.Fatalf("chat b's token was taken by a refused reservation (wait %v)", wait)
	}
	if wait := reserve(t, s, "b", LaneReply, chatOnly); wait == 0 {
		t.Fatal("chat b burst exceeded")
	}
}

func TestReserveRejectsBadInput(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		lane   Lane
		limits Limits
	}{
		{"negative lane", -1, Limits{}},
		{"unknown lane", LaneCampaign + 1, Limits{}},
		{"negative rate", LaneReply, Limits{GlobalRate: -1}},
		{"infinite rate", LaneReply, Limits{ChatRate: math.Inf(1)}},
		{"NaN rate", LaneReply, Limits{GlobalRate: math.NaN()}},
	}
	for _, tt := range tests {
		if _, err := s.Reserve(ctx, "c", tt.lane, tt.limits); err == nil {
			t.Errorf("%s: Reserve succeeded", tt.name)
		}
	}
}

func TestPauseBlocksEveryChat(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	l := Limits{GlobalRate: 10, GlobalBurst: 10, ChatRate: slow, ChatBurst: 1}
	const pause = 300 * time.Millisecond
	if err := s.Pause(ctx, pause); err != nil {
		t.Fatal(err)
	}
	for _, chat := range []string{"a", "b", ""} {
		for _, lane := range []Lane{LaneReply, LaneAlert, LaneCampaign} {
			wait := reserve(t, s, chat, lane, l)
			if wait == 0 || wait > pause {
				t.Fatalf("chat %q lane %d during pause: wait %v, want within (0, %v]", chat, lane, wait, pause)
			}
		}
	}
	eventually(t, 10*time.Second, "pause ends", func() bool {
		left, err := s.PausedFor(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return left == 0
	})
	// Refusals during the pause took no tokens: each chat still has its one.
	for _, chat := range []string{"a", "b"} {
		if wait := reserve(t, s, chat, LaneReply, l); wait != 0 {
			t.Fatalf("chat %s after the pause: wait %v", chat, wait)
		}
	}
}

func TestPauseOnlyExtends(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	pausedFor := func() time.Duration {
		t.Helper()
		d, err := s.PausedFor(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if d := pausedFor(); d != 0 {
		t.Fatalf("PausedFor with no pause = %v", d)
	}
	steps := []struct {
		pause    time.Duration
		min, max time.Duration // PausedFor afterwards
	}{
		{0, 0, 0},
		{-time.Second, 0, 0},
		{10 * time.Second, 9 * time.Second, 10 * time.Second},
		{time.Second, 9 * time.Second, 10 * time.Second}, // shorter: ignored
		{time.Minute, 59 * time.Second, time.Minute},     // longer: extends
		{30 * time.Second, 59 * time.Second, time.Minute},
	}
	for i, st := range steps {
		if err := s.Pause(ctx, st.pause); err != nil {
			t.Fatal(err)
		}
		if d := pausedFor(); d < st.min || d > st.max {
			t.Fatalf("step %d: after Pause(%v), PausedFor = %v, want [%v, %v]", i, st.pause, d, st.min, st.max)
		}
	}
	if wait := reserve(t, s, "c", LaneReply, Limits{}); wait < 59*time.Second {
		t.Fatalf("Reserve during a minute's pause waits %v", wait)
	}
}

// TestLanesYield steps through the lane markers one by one.
func TestLanesYield(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	l := Limits{GlobalRate: 10, GlobalBurst: 10}

	// Replies and alerts refused during a pause leave their markers.
	if err := s.Pause(ctx, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	reserve(t, s, "r", LaneReply, l)
	reserve(t, s, "a", LaneAlert, l)
	if err := s.rdb.Del(ctx, s.pauseKey()).Err(); err != nil { // the pause ends
		t.Fatal(err)
	}

	// Tokens are there, but lower lanes are waiting.
	if wait := reserve(t, s, "c", LaneCampaign, l); wait == 0 || wait > 10*time.Second+laneHold {
		t.Fatalf("campaign while replies wait: %v, want a wait until the marker lapses", wait)
	}
	if wait := reserve(t, s, "a", LaneAlert, l); wait == 0 {
		t.Fatal("alert granted while replies wait")
	}
	if wait := reserve(t, s, "r", LaneReply, l); wait != 0 {
		t.Fatalf("reply waits %v behind its own lane's marker", wait)
	}

	// Replies are done: alerts go, campaigns still yield to alerts.
	if err := s.rdb.Del(ctx, s.laneKey(LaneReply)).Err(); err != nil {
		t.Fatal(err)
	}
	if wait := reserve(t, s, "a", LaneAlert, l); wait != 0 {
		t.Fatalf("alert waits %v with no reply waiting", wait)
	}
	if wait := reserve(t, s, "c", LaneCampaign, l); wait == 0 {
		t.Fatal("campaign granted while alerts wait")
	}
	if err := s.rdb.Del(ctx, s.laneKey(LaneAlert)).Err(); err != nil {
		t.Fatal(err)
	}
	if wait := reserve(t, s, "c", LaneCampaign, l); wait != 0 {
		t.Fatalf("campaign waits %v with no lower lane waiting", wait)
	}

	// A reply held back only by its own chat's rate does not stall others.
	perChat := Limits{ChatRate: slow, ChatBurst: 1}
	reserve(t, s, "r", LaneReply, perChat)
	if wait := reserve(t, s, "r", LaneReply, perChat); wait == 0 {
		t.Fatal("chat burst exceeded")
	}
	if wait := reserve(t, s, "other", LaneCampaign, perChat); wait != 0 {
		t.Fatalf("campaign to another chat waits %v behind a chat-limited reply", wait)
	}
}

// TestLanesCompete has campaign workers saturate the global rate, then a
// reply worker send a series of replies: replies must take nearly all the
// tokens meanwhile. Without lanes the campaigns (three workers against one)
// would take about three quarters of them.
func TestLanesCompete(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s := newTestStore(t)
	l := Limits{GlobalRate: 50, GlobalBurst: 1}

	var campaigns atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := s.ReserveWait(ctx, fmt.Sprintf("campaign-%d", w), LaneCampaign, l); err != nil {
					errs <- err
					return
				}
				campaigns.Add(1)
			}
		}()
	}
	eventually(t, 30*time.Second, "campaigns are sending", func() bool { return campaigns.Load() >= 10 })

	const replies = 20
	before := campaigns.Load()
	for i := range replies {
		if err := s.ReserveWait(ctx, fmt.Sprintf("person-%d", i), LaneReply, l); err != nil {
			t.Fatal(err)
		}
	}
	during := campaigns.Load() - before
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// A campaign reservation already granted when the first reply arrived
	// may be counted here: allow a few.
	if during > 4 {
		t.Errorf("campaigns got %d tokens while %d replies waited, want replies first", during, replies)
	}
}

func TestReserveBroadcastBucket(t *testing.T) {
	tests := []struct {
		name    string
		limits  Limits
		lane    Lane
		granted int // of 20 calls, each to its own chat
	}{
		{"replies ignore the broadcast rate", Limits{GlobalRate: slow, GlobalBurst: 10, BroadcastRate: slow, BroadcastBurst: 3}, LaneReply, 10},
		{"alerts keep to the broadcast rate", Limits{GlobalRate: slow, GlobalBurst: 10, BroadcastRate: slow, BroadcastBurst: 3}, LaneAlert, 3},
		{"campaigns keep to the broadcast rate", Limits{GlobalRate: slow, GlobalBurst: 10, BroadcastRate: slow, BroadcastBurst: 4}, LaneCampaign, 4},
		{"the global rate still holds broadcasts", Limits{GlobalRate: slow, GlobalBurst: 2, BroadcastRate: slow, BroadcastBurst: 5}, LaneAlert, 2},
		{"paid broadcasts skip the global rate", Limits{GlobalRate: slow, GlobalBurst: 2, BroadcastRate: slow, BroadcastBurst: 7, PaidBroadcast: true}, LaneAlert, 7},
		{"paid broadcast does not lift replies", Limits{GlobalRate: slow, GlobalBurst: 2, BroadcastRate: slow, BroadcastBurst: 7, PaidBroadcast: true}, LaneReply, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestStore(t)
			granted := 0
			for i := range 20 {
				if reserve(t, s, fmt.Sprintf("chat%d", i), tt.lane, tt.limits) == 0 {
					granted++
				}
			}
			if granted != tt.granted {
				t.Errorf("granted %d of 20, want %d", granted, tt.granted)
			}
		})
	}
}
