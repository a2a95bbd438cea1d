package bot

import (
	"bytes"
	"errors"
	"testing"
)

// TestSenderUploadAndDownload: a photo uploaded as bytes reaches the chat
// and its file id can be sent again; a photo a person sent downloads with
// getFile; an unknown file id is refused.
func TestSenderUploadAndDownload(t *testing.T) {
	env := newSenderEnv(t, fastRetries)
	ctx := testContext(t)
	env.fake.AddUser(1, "en")
	data := []byte("\xff\xd8\xff\xe0 a jpeg, as far as the fake cares")

	id, fileID, err := env.s.Upload(ctx, Outgoing{Chat: 1, PhotoData: data, Text: "<b>Chart</b>", ParseMode: HTML})
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}
	got := lastMessage(t, env.fake, 1)
	if got.ID != id || got.Photo != fileID || got.Text != "Chart" {
		t.Fatalf("message %+v, want id %d with photo %s", got, id, fileID)
	}
	if stored, ok := env.fake.FileData(fileID); !ok || !bytes.Equal(stored, data) {
		t.Fatalf("uploaded bytes %q", stored)
	}
	if _, err := env.s.Send(ctx, Outgoing{Chat: 1, Photo: fileID, Text: "again"}); err != nil {
		t.Fatalf("sending the file id again: %v", err)
	}

	sent := []byte("the person's photo")
	env.fake.SendPhotoData(1, "", sent)
	msgs := env.fake.Messages(1)
	down, err := env.s.Download(ctx, msgs[len(msgs)-1].Photo)
	if err != nil || !bytes.Equal(down, sent) {
		t.Fatalf("Download = %q, %v", down, err)
	}
	// A photo sent without contents (the demo's web chat) downloads as a
	// small JPEG, as any real photo would.
	env.fake.SendPhoto(1, "")
	msgs = env.fake.Messages(1)
	if down, err := env.s.Download(ctx, msgs[len(msgs)-1].Photo); err != nil || !bytes.HasPrefix(down, []byte{0xFF, 0xD8}) {
		t.Errorf("Download of a photo without contents = %d bytes, %v", len(down), err)
	}
	if _, err := env.s.Download(ctx, "AgACAgNoSuchFile"); !errors.Is(err, ErrRejected) {
		t.Errorf("unknown file: %v, want ErrRejected", err)
	}
}
