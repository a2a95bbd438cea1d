package redis

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Limits are the outgoing rates shared by all replicas. Each rate is in
// messages per second, with a burst of that many messages sent back to back
// after a quiet spell (a burst under 1 counts as 1). A rate of 0 means
// unlimited and its burst is ignored.
//
// Every send takes from the global and the chat bucket; broadcasts (the
// alert and campaign lanes) also from the broadcast bucket. With
// PaidBroadcast, broadcasts are sent with allow_paid_broadcast, which
// Telegram lets exceed the global limit: they skip the global bucket and
// only the broadcast rate holds them.
type Limits struct {
	GlobalRate     float64
	GlobalBurst    int
	ChatRate       float64
	ChatBurst      int
	BroadcastRate  float64
	BroadcastBurst int
	PaidBroadcast  bool
}

// Lane is the priority lane of an outgoing message. Lanes follow the order
// of bot.Priority, so bot converts with Lane(p).
type Lane int

// Lanes, most urgent first.
const (
	LaneReply    Lane = iota // replies to people
	LaneAlert                // drug alerts
	LaneCampaign             // campaigns and surveys
)

// laneHold is how long a "lane n is waiting" marker outlives the wait the
// limiter told its caller. It covers the caller's trip back: while a reply
// sleeps its wait and retries, alerts and campaigns keep yielding. Longer
// starves higher lanes a little after the last reply; the global bucket keeps
// the tokens they did not take, up to its burst.
const laneHold = 100 * time.Millisecond

// Reserve asks for one outgoing message to chatKey in lane under l. When no
// 429 pause is open, no lower lane is waiting, and both the global and the
// chat bucket hold a token, it takes one from each and returns 0. Otherwise
// it takes nothing and returns how long to wait before asking again: the
// pause remaining, the time until the lower lane's marker lapses, or the
// time until both buckets refill a token.
//
// Priority lanes: a caller told to wait for the global bucket (or the pause)
// leaves a marker "lane n is waiting" that lasts its wait plus laneHold;
// callers in higher lanes yield while any lower lane's marker exists. Replies
// thus take every global token while they wait, and alerts and campaigns
// resume once no reply has waited for laneHold. A caller held back only by
// its own chat's bucket leaves no marker: it does not compete for the shared
// rate, so it must not stall other chats.
//
// An empty chatKey checks the global bucket only (calls that are not
// addressed to a chat). Time is Redis's own (TIME and key expiry), so all
// replicas agree regardless of their clocks.
func (s *Store) Reserve(ctx context.Context, chatKey string, lane Lane, l Limits) (time.Duration, error) {
	if lane < LaneReply || lane > LaneCampaign {
		return 0, fmt.Errorf("reserving send: unknown lane %d", lane)
	}
	if err := l.validate(); err != nil {
		return 0, fmt.Errorf("reserving send: %w", err)
	}
	chatRate := l.ChatRate
	if chatKey == "" {
		chatRate = 0
	}
	broadcastRate, globalRate := 0.0, l.GlobalRate
	if lane > LaneReply {
		broadcastRate = l.BroadcastRate
		if l.PaidBroadcast {
			globalRate = 0
		}
	}
	keys := make([]string, 0, 5+int(lane))
	keys = append(keys, s.pauseKey(), s.key("{rl}:global"), s.key("{rl}:chat:"+chatKey), s.key("{rl}:broadcast"))
	for n := LaneReply; n <= lane; n++ {
		keys = append(keys, s.laneKey(n))
	}
	marks := "1"
	if lane == LaneCampaign {
		marks = "0"
	}
	us, err := reserveScript.Run(ctx, s.rdb, keys,
		formatRate(globalRate), max(l.GlobalBurst, 1),
		formatRate(chatRate), max(l.ChatBurst, 1),
		int(lane), laneHold.Milliseconds(), marks,
		formatRate(broadcastRate), max(l.BroadcastBurst, 1),
	).Int64()
	if err != nil {
		return 0, fmt.Errorf("reserving send: %w", err)
	}
	return time.Duration(us) * time.Microsecond, nil
}

// ReserveWait calls Reserve until it grants, sleeping the wait it returns in
// between, and returns nil once the message may be sent, or an error when
// ctx is done or Redis fails.
func (s *Store) ReserveWait(ctx context.Context, chatKey string, lane Lane, l Limits) error {
	for {
		wait, err := s.Reserve(ctx, chatKey, lane, l)
		if err != nil {
			return err
		}
		if wait <= 0 {
			return nil
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("waiting to send: %w", ctx.Err())
		case <-timer.C:
		}
	}
}

// Pause opens the shared pause for d, after Telegram answered 429 with
// retry_after: every replica's Reserve waits until it ends. It only ever
// extends an open pause, never shortens it. A d of 0 or less does nothing.
func (s *Store) Pause(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	ms := int64(math.Ceil(float64(d) / float64(time.Millisecond)))
	if err := pauseScript.Run(ctx, s.rdb, []string{s.pauseKey()}, ms).Err(); err != nil {
		return fmt.Errorf("pausing sends: %w", err)
	}
	return nil
}

// PausedFor returns how long the shared pause has left, 0 when none is open.
func (s *Store) PausedFor(ctx context.Context) (time.Duration, error) {
	left, err := s.rdb.PTTL(ctx, s.pauseKey()).Result()
	if err != nil {
		return 0, fmt.Errorf("reading send pause: %w", err)
	}
	// go-redis reports "no key" and "no expiry" as negative durations.
	return max(left, 0), nil
}

func (l Limits) validate() error {
	for _, r := range []struct {
		name string
		rate float64
	}{{"global rate", l.GlobalRate}, {"chat rate", l.ChatRate}, {"broadcast rate", l.BroadcastRate}} {
		if math.IsNaN(r.rate) || math.IsInf(r.rate, 0) || r.rate < 0 {
			return fmt.Errorf("%s %v is not a finite rate of 0 or more", r.name, r.rate)
		}
	}
	return nil
}

func formatRate(r float64) string { return strconv.FormatFloat(r, 'g', -1, 64) }

func (s *Store) pauseKey() string { return s.key("{rl}:pause") }

func (s *Store) laneKey(n Lane) string { return s.key("{rl}:lane:" + strconv.Itoa(int(n))) }
