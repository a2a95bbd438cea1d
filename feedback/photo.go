package feedback

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // people's apps may send PNG files as photos
)

// MaxPhotoPixels bounds a photo's size before it is decoded, so a crafted
// file cannot make us allocate gigabytes.
const MaxPhotoPixels = 40_000_000

// ErrNotAPhoto is returned for bytes that do not decode as a JPEG or PNG
// image of a sane size.
var ErrNotAPhoto = errors.New("not a photo we can read")

// StripPhoto decodes a photo and encodes its pixels again as a JPEG, so
// that nothing but the picture remains: no EXIF (camera, GPS position,
// time), no comments, no thumbnails.
func StripPhoto(data []byte) ([]byte, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotAPhoto, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPhotoPixels {
		return nil, fmt.Errorf("%w: %dx%d pixels", ErrNotAPhoto, cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotAPhoto, err)
	}
	var out bytes.Buffer
	if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: 85}); err != nil {
		return nil, fmt.Errorf("re-encoding photo: %w", err)
	}
	return out.Bytes(), nil
}
