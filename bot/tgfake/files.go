package tgfake

import (
	"bytes"
	"image"
	"image/jpeg"
	"net/http"
	"strings"
)

// Files: getFile and the download URL Telegram serves files from
// (/file/bot<token>/<file_path>), for the files people sent with contents
// (SendPhotoData) and the photos the bot uploaded.

// filePathPrefix starts every file_path the fake hands out.
const filePathPrefix = "photos/"

// SendPhotoData sends a photo with these contents (as the person's app
// would upload it) and an optional caption. The bot can download it with
// getFile.
func (s *Server) SendPhotoData(userID int64, caption string, data []byte) (updateID int64) {
	// One lock for both: the bot must not see the update before the
	// contents are there to download.
	s.mu.Lock()
	defer s.mu.Unlock()
	m := &Message{Kind: KindPhoto, Text: caption}
	id := s.userMessageLocked(userID, m)
	if m.Photo != "" {
		s.fileData[m.Photo] = data
	}
	return id
}

// FileData returns the contents of a file by file_id: a photo a person
// sent with SendPhotoData, or one the bot uploaded.
func (s *Server) FileData(fileID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.fileData[fileID]
	return d, ok
}

func (s *Server) getFile(req *request) (any, string, *apiError) {
	id := req.str("file_id")
	if _, ok := s.files[id]; !ok {
		return nil, "", badRequest("invalid file_id")
	}
	f := map[string]any{"file_id": id, "file_unique_id": "u" + id}
	if _, ok := s.fileData[id]; !ok && s.files[id] == "photo" {
		// A photo sent without contents (SendPhoto, the demo's web chat)
		// downloads as a small grey picture, as a real one would.
		s.fileData[id] = placeholderJPEG()
	}
	if d, ok := s.fileData[id]; ok {
		if len(d) > 20<<20 {
			return nil, "", badRequest("file is too big")
		}
		f["file_size"] = len(d)
		f["file_path"] = filePathPrefix + id + ".jpg"
	}
	return f, "", nil
}

// placeholderJPEG is a small grey JPEG.
func placeholderJPEG() []byte {
	img := image.NewGray(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = 160
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, nil)
	return buf.Bytes()
}

// serveFile answers a download: path is "<token>/<file_path>".
func (s *Server) serveFile(w http.ResponseWriter, path string) {
	token, file, _ := strings.Cut(path, "/")
	if token != s.token {
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
		return
	}
	id, ok := strings.CutPrefix(strings.TrimSuffix(file, ".jpg"), filePathPrefix)
	s.mu.Lock()
	data, found := s.fileData[id]
	s.mu.Unlock()
	if !ok || !found {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(data)
}
