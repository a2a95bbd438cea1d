package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/referral"
)

const servicesUsage = `usage:
  peerbot services import [--all-or-nothing] [--taxonomy FILE] PATH
  peerbot services export DIR

import reads an HSDS 3.0 data package: a directory (or its datapackage.json)
with CSV files, or an HSDS JSON document (a .json file): nested services as
the HSDS API returns them (an array, or a page with "contents"), or an object
with an array per resource. Rows are upserted by id. Rows that cannot be used are reported as
file:row: problem and the rest is imported; with --all-or-nothing nothing is
imported unless every row is good. --taxonomy names the needs table (default:
the built-in content/referral_taxonomy.yaml). The region list gives the
countries' time zones.
export writes the directory as an HSDS 3.0 CSV data package into DIR.`

// servicesCommand runs `peerbot services ...`.
func servicesCommand(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer, args []string) error {
	if len(args) == 0 {
		return usageError(servicesUsage)
	}
	switch args[0] {
	case "import":
		fs := flag.NewFlagSet("services import", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		allOrNothing := fs.Bool("all-or-nothing", false, "")
		taxonomy := fs.String("taxonomy", "", "")
		if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 1 {
			return usageError(servicesUsage)
		}
		opt, err := importOptions(*taxonomy)
		if err != nil {
			return err
		}
		d, bad, err := readDirectory(fs.Arg(0), opt)
		if err != nil {
			return commandError(err.Error())
		}
		return withDirectory(ctx, cfg, log, func(s *postgres.DirectoryStore) error {
			return importDirectory(ctx, s, d, bad, *allOrNothing, out)
		})
	case "export":
		if len(args) != 2 {
			return usageError(servicesUsage)
		}
		dir := args[1]
		return withDirectory(ctx, cfg, log, func(s *postgres.DirectoryStore) error {
			d, err := s.ExportDirectory(ctx)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return commandError(err.Error())
			}
			err = referral.WriteCSVPackage(d, func(name string) (io.WriteCloser, error) {
				return os.Create(filepath.Join(dir, name))
			})
			if err != nil {
				return commandError(err.Error())
			}
			fmt.Fprintf(out, "exported %s to %s\n", d.Counts(), dir)
			return nil
		})
	}
	return usageError(servicesUsage)
}

// importOptions loads the needs table and the regions.
func importOptions(taxonomyFile string) (referral.ImportOptions, error) {
	data := content.ReferralTaxonomy
	if taxonomyFile != "" {
		var err error
		if data, err = os.ReadFile(taxonomyFile); err != nil {
			return referral.ImportOptions{}, usageError("--taxonomy: " + err.Error())
		}
	}
	tax, err := referral.ParseTaxonomy(data)
	if err != nil {
		return referral.ImportOptions{}, usageError("--taxonomy: " + err.Error())
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		return referral.ImportOptions{}, err
	}
	return referral.ImportOptions{Taxonomy: tax, Place: regions.Place}, nil
}

// readDirectory reads a CSV data package (a directory or its
// datapackage.json) or an HSDS JSON document.
func readDirectory(path string, opt referral.ImportOptions) (*referral.Directory, []referral.RowError, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if info.IsDir() {
		return referral.ReadCSVPackage(os.DirFS(path), opt)
	}
	if filepath.Base(path) == "datapackage.json" {
		return referral.ReadCSVPackage(os.DirFS(filepath.Dir(path)), opt)
	}
	if !strings.EqualFold(filepath.Ext(path), ".json") {
		return nil, nil, fmt.Errorf("%s: give a data package directory, its datapackage.json, or an HSDS .json document", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return referral.ReadJSON(f, filepath.Base(path), opt)
}

// importDirectory writes what was read and reports the bad rows.
func importDirectory(ctx context.Context, s *postgres.DirectoryStore, d *referral.Directory, bad []referral.RowError, allOrNothing bool, out io.Writer) error {
	for _, b := range bad {
		fmt.Fprintln(out, b.Error())
	}
	if len(bad) > 0 && allOrNothing {
		return commandError(fmt.Sprintf("%d bad rows: nothing imported (--all-or-nothing)", len(bad)))
	}
	if err := s.ImportDirectory(ctx, d); err != nil {
		return err
	}
	fmt.Fprintf(out, "imported %s\n", d.Counts())
	if len(bad) > 0 {
		return commandError(fmt.Sprintf("%d bad rows were not imported; the rest was", len(bad)))
	}
	return nil
}

// withDirectory opens and migrates the database for a services command.
func withDirectory(ctx context.Context, cfg config.Config, log *slog.Logger, run func(*postgres.DirectoryStore) error) error {
	db, err := postgres.Open(ctx, cfg.DatabaseURL, log.With("component", "postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	return run(postgres.NewDirectoryStore(db))
}
