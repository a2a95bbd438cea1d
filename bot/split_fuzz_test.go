package bot

import "testing"

func FuzzSplitText(f *testing.F) {
	f.Add("one two\nthree\n\nfour five", 16)
	f.Add("a😀b😀c", 2)
	f.Add(`abc\.def\\ghi&amp;jk&#128512;`, 5)
	f.Add("  \n\n x \xff\xfe y\r\n\r\nz", 3)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		limit = 2 + int(uint(limit)%200)
		checkSplit(t, text, limit, SplitText(text, limit))
	})
}
