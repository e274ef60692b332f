package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/config"
)

// licenceKey returns the master key that seals the org units' licence
// signing keys. It is read from cfg.LicenceKeyFile (hex); without one, from
// <data dir>/licence-master.key, which is created with a new random key on
// first start. Several servers on one database must share the same key:
// set GONGAI_LICENCE_KEY_FILE on each of them.
func licenceKey(cfg config.Config) ([]byte, error) {
	path := cfg.LicenceKeyFile
	if path == "" {
		path = filepath.Join(cfg.DataDir, "licence-master.key")
		if err := createKey(path); err != nil {
			return nil, err
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("读取电子证照主密钥 %s 失败: %w", path, err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil || len(key) < 16 {
		return nil, fmt.Errorf("电子证照主密钥 %s 应为至少 32 个十六进制字符（16 字节）", path)
	}
	return key, nil
}

// createKey writes a new random 32-byte key to path unless it exists.
func createKey(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("创建电子证照主密钥 %s 失败: %w", path, err)
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
