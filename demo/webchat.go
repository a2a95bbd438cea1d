// Package demo is the web chat of `peerbot demo`: a page where someone new to
// the project chats with the bot as one or several simulated people, each
// with their own Telegram app language, against the built-in Telegram fake.
//
// The page is static (embedded HTML, CSS and JavaScript, no external assets)
// and talks to a small JSON API under /demo/api/, which drives the fake the
// way a Telegram client would and streams what the bot sends back as
// Server-Sent Events. Its partner console publishes, updates and withdraws
// alerts and sends a campaign through Peerbot's real HTTP API (see Console).
package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"

	"github.com/peerbot/peerbot/bot/tgfake"
)

//go:embed static
var staticFiles embed.FS

// firstUserID is the Telegram user id of the first simulated person; the
// next ones count up. Real-looking ids make the fake's updates look like
// Telegram's, and the high range keeps clear of ids tests may pick by hand.
const firstUserID int64 = 9_100_000_001

// person is one simulated Telegram user of the demo.
type person struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Language string `json:"language"`
	Blocked  bool   `json:"blocked"`
	// Member is set for a group chat (a staff group): the person who
	// writes and presses buttons in it (see groups.go).
	Member int64 `json:"member,omitempty"`
}

// WebChat serves the demo page and its API. Create it with NewWebChat.
type WebChat struct {
	fake    *tgfake.Server
	console *console // nil: the page shows no partner console
	log     *slog.Logger
	mux     *http.ServeMux
	static  http.Handler

	// sendMu serializes the person-side sends, see send.
	sendMu sync.Mutex

	mu     sync.Mutex
	people []*person // in the order they were added
	byID   map[int64]*person
	subs   map[chan event]struct{} // page-side changes (people added)
}

// NewWebChat returns the handler of the demo web chat, talking to fake as
// the Telegram app of every simulated person. Mount it at "/": the page is
// GET /, its API lives under /demo/api/. With console set (every field but
// Client required), the page has a partner console; nil leaves it out.
func NewWebChat(fake *tgfake.Server, log *slog.Logger, console *Console) http.Handler {
	if log == nil {
		log = slog.Default()
	}
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		// The embedded tree is fixed at build time; this cannot fail at run time.
		panic(fmt.Sprintf("demo: embedded assets: %v", err))
	}
	c := &WebChat{
		fake:   fake,
		log:    log.With("component", "demo"),
		mux:    http.NewServeMux(),
		static: http.FileServerFS(sub),
		byID:   make(map[int64]*person),
		subs:   make(map[chan event]struct{}),
	}
	if console != nil {
		c.console = newConsole(*console)
	}
	c.routes()
	return c
}

func (c *WebChat) routes() {
	c.mux.HandleFunc("GET /{$}", c.page)
	c.mux.Handle("GET /static/", http.StripPrefix("/static", c.static))
	c.mux.HandleFunc("GET /demo/api/people", c.listPeople)
	c.mux.HandleFunc("POST /demo/api/people", c.addPerson)
	c.mux.HandleFunc("GET /demo/api/people/{id}/messages", c.listMessages)
	c.mux.HandleFunc("POST /demo/api/people/{id}/text", c.sendText)
	c.mux.HandleFunc("POST /demo/api/people/{id}/press", c.pressButton)
	c.mux.HandleFunc("POST /demo/api/people/{id}/{media}", c.sendMedia)
	c.mux.HandleFunc("POST /demo/api/groups", c.addGroup)
	c.mux.HandleFunc("GET /demo/api/events", c.events)
	c.mux.HandleFunc("GET /demo/api/console", c.consoleInfo)
	c.mux.HandleFunc("POST /demo/api/console/alerts", c.publishAlert)
	c.mux.HandleFunc("POST /demo/api/console/alerts/{alert}/{action}", c.changeAlert)
	c.mux.HandleFunc("GET /demo/api/console/alerts/{alert}", c.alertStatus)
	c.mux.HandleFunc("POST /demo/api/console/campaigns", c.sendCampaign)
	c.mux.HandleFunc("/demo/api/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, http.StatusNotFound, "", "no such API endpoint: "+r.Method+" "+r.URL.Path)
	})
}

// ServeHTTP serves the page, its assets and the API.
func (c *WebChat) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The page needs nothing from elsewhere; saying so lets the browser
	// refuse anything injected, as a second line behind building DOM nodes.
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	c.mux.ServeHTTP(w, r)
}

func (c *WebChat) page(w http.ResponseWriter, r *http.Request) {
	body, err := staticFiles.ReadFile("static/index.html")
	if err != nil {
		c.log.ErrorContext(r.Context(), "reading embedded page", "err", err)
		http.Error(w, "page missing", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(body)
}
