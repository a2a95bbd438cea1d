package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/privacy"
	"github.com/peerbot/peerbot/training"
)

// loadModules loads the built-in modules and those in CONTENT_DIR/modules.
// A broken module is logged, one line per problem, and left out; the
// others load. A CONTENT_DIR that does not exist is a setting error.
func loadModules(contentDir string, log *slog.Logger) (*training.Catalog, error) {
	log = log.With("component", "training")
	mods, probs := training.LoadAll(content.Modules, "modules", "content/modules", training.LoadOptions{Require: training.BuiltinLanguages})
	if contentDir != "" {
		if st, err := os.Stat(contentDir); err != nil || !st.IsDir() {
			return nil, &config.Error{Setting: "CONTENT_DIR", Problem: "is not a readable folder"}
		}
		dir := filepath.Join(contentDir, "modules")
		if _, err := os.Stat(dir); err == nil {
			own, ps := training.LoadAll(os.DirFS(contentDir), "modules", dir, training.LoadOptions{})
			mods, probs = append(mods, own...), append(probs, ps...)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, &config.Error{Setting: "CONTENT_DIR", Problem: "modules: " + err.Error()}
		}
	}
	catalog, ps := training.NewCatalog(mods...)
	probs = append(probs, ps...)
	for _, p := range probs {
		log.Error("training module left out", "problem", p.String())
	}
	log.Info("training modules loaded", "count", len(catalog.All()), "problems", len(probs))
	return catalog, nil
}

const modulesUsage = `usage: peerbot modules check [--require en,pt,pl,uk] DIR
  DIR is a module folder (with module.yaml) or a folder of module folders.
  Prints one "file:line: problem" line per problem; exits 1 when there are any.`

// modulesCommand runs `peerbot modules check`.
func modulesCommand(out io.Writer, args []string) error {
	if len(args) == 0 || args[0] != "check" {
		return usageError(modulesUsage)
	}
	args = args[1:]
	var require []string
	if len(args) >= 2 && args[0] == "--require" {
		for _, l := range strings.Split(args[1], ",") {
			if l = strings.TrimSpace(l); l != "" && l != training.Fallback {
				require = append(require, l)
			}
		}
		args = args[2:]
	}
	if len(args) != 1 {
		return usageError(modulesUsage)
	}
	dir := filepath.Clean(args[0])
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usageError(fmt.Sprintf("%s is not a folder\n%s", dir, modulesUsage))
	}
	opts := training.LoadOptions{Require: require}
	var mods []*training.Module
	var probs []training.Problem
	if _, err := os.Stat(filepath.Join(dir, "module.yaml")); err == nil {
		m, ps := training.LoadModule(os.DirFS(filepath.Dir(dir)), filepath.Base(dir), dir, opts)
		probs = ps
		if m != nil {
			mods = append(mods, m)
		}
	} else {
		mods, probs = training.LoadAll(os.DirFS(dir), ".", dir, opts)
	}
	_, ps := training.NewCatalog(mods...)
	probs = append(probs, ps...)
	for _, p := range probs {
		fmt.Fprintln(out, p)
	}
	if len(probs) > 0 {
		return commandError(fmt.Sprintf("%d problems in %s", len(probs), dir))
	}
	noun := "modules"
	if len(mods) == 1 {
		noun = "module"
	}
	fmt.Fprintf(out, "%d %s fine\n", len(mods), noun)
	return nil
}

// trainingCommand runs `peerbot training verify CODE`.
func trainingCommand(cfg config.Config, log *slog.Logger, out io.Writer, args []string) error {
	if len(args) != 2 || args[0] != "verify" {
		return usageError("usage: peerbot training verify CODE")
	}
	sealer, err := privacy.NewSealer(cfg.Secret)
	if err != nil {
		return &config.Error{Setting: "PEERBOT_SECRET", Problem: err.Error()}
	}
	mods, err := loadModules(cfg.ContentDir, log)
	if err != nil {
		return err
	}
	done, err := training.Codes{Signer: sealer, Catalog: mods}.Verify(args[1])
	switch {
	case errors.Is(err, training.ErrCodeInvalid):
		return commandError(fmt.Sprintf("%s is not a valid completion code of this deployment", args[1]))
	case errors.Is(err, training.ErrCodeModule):
		fmt.Fprintf(out, "genuine code, but its module is no longer offered here\nversion: %d\nlanguage: %s\ndate: %s\n",
			done.Version, done.Lang, done.Date.Format(time.DateOnly))
		return nil
	case err != nil:
		return err
	}
	m := mods.Module(done.Module)
	texts, _ := m.In(training.Fallback)
	fmt.Fprintf(out, "valid\nmodule: %s (%s)\nversion: %d (current: %d)\nlanguage: %s\ndate: %s\n",
		done.Module, texts.Title, done.Version, m.Version, done.Lang, done.Date.Format(time.DateOnly))
	return nil
}
