package main

import (
	"fmt"
	"io"
	"os"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/info"
)

const cardsUsage = `peerbot cards check DIR   check a folder of information cards (one folder per card)
                          and print each problem as file:line: problem`

// cardsCommand runs `peerbot cards check DIR`: organisations check their
// cards before putting them in CONTENT_DIR/cards. It needs no database.
func cardsCommand(stdout io.Writer, args []string) error {
	if len(args) != 2 || args[0] != "check" {
		return usageError(cardsUsage)
	}
	dir := args[1]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usageError(fmt.Sprintf("cards check: %s is not a folder", dir))
	}
	subs, err := content.LoadSubstances()
	if err != nil {
		return err
	}
	cards, problems := info.ReadCards(os.DirFS(dir), dir, subs)
	for _, p := range problems {
		fmt.Fprintln(stdout, p.Error())
	}
	if len(problems) > 0 {
		return commandError(fmt.Sprintf("cards check: problems found: %d; cards without problems: %d", len(problems), len(cards)))
	}
	fmt.Fprintf(stdout, "%d cards, no problems\n", len(cards))
	return nil
}
