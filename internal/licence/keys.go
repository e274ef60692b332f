package licence

import (
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
	"github.com/emmansun/gmsm/smx509"
)

// DefaultID is the SM2 distinguishing ID (user ID) of every signature:
// the default of GB/T 35276, which OpenSSL 3.0 does not assume and must be
// given (-sigopt distid:1234567812345678).
const DefaultID = "1234567812345678"

// MinMasterKey is the shortest master key NewService accepts, in bytes.
const MinMasterKey = 16

// keyring seals org units' private keys (PKCS#8 DER) with SM4-GCM. The
// SM4 key is SM3("gongai licence key sealing v1" || 0x00 || master)[:16];
// each sealed key is nonce (12 bytes) || ciphertext || tag, with the org
// unit's id as additional data so that a sealed key moved to another
// unit's row does not open.
type keyring struct{ aead cipher.AEAD }

func newKeyring(master []byte) (*keyring, error) {
	if len(master) < MinMasterKey {
		return nil, fmt.Errorf("licence: master key must be at least %d bytes, got %d", MinMasterKey, len(master))
	}
	sum := sm3.Sum(append([]byte("gongai licence key sealing v1\x00"), master...))
	block, err := sm4.NewCipher(sum[:16])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &keyring{aead: aead}, nil
}

func keyAD(orgID int64) []byte { return []byte("licence_keys.org_unit_id=" + itoa(orgID)) }

func (k *keyring) seal(orgID int64, plain []byte) []byte {
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return k.aead.Seal(nonce, nonce, plain, keyAD(orgID))
}

func (k *keyring) open(orgID int64, sealed []byte) ([]byte, error) {
	n := k.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("licence: sealed key too short")
	}
	plain, err := k.aead.Open(nil, sealed[:n], sealed[n:], keyAD(orgID))
	if err != nil {
		return nil, fmt.Errorf("licence: open the key of org unit %d (wrong master key?): %w", orgID, err)
	}
	return plain, nil
}

// newKeyPair generates an SM2 key pair and returns the sealed private key
// and the public key as PEM ("PUBLIC KEY", SubjectPublicKeyInfo with the
// SM2 curve OID 1.2.156.10197.1.301, which OpenSSL 3 reads as SM2).
func (k *keyring) newKeyPair(orgID int64) (sealed []byte, pubPEM string, err error) {
	priv, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		return nil, "", err
	}
	der, err := smx509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, "", err
	}
	pubPEM, err = publicPEM(&priv.PublicKey)
	if err != nil {
		return nil, "", err
	}
	return k.seal(orgID, der), pubPEM, nil
}

// privateKey opens a sealed key and checks it belongs to pubPEM.
func (k *keyring) privateKey(orgID int64, sealed []byte, pubPEM string) (*sm2.PrivateKey, error) {
	der, err := k.open(orgID, sealed)
	if err != nil {
		return nil, err
	}
	key, err := smx509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("licence: parse key of org unit %d: %w", orgID, err)
	}
	priv, ok := key.(*sm2.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("licence: key of org unit %d is %T, not SM2", orgID, key)
	}
	if got, err := publicPEM(&priv.PublicKey); err != nil || got != pubPEM {
		return nil, fmt.Errorf("licence: key of org unit %d does not match its public key", orgID)
	}
	return priv, nil
}

func publicPEM(pub *ecdsa.PublicKey) (string, error) {
	der, err := smx509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", err
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), nil
}

// sign returns the DER SM2 signature of msg (SM3 over Z_A || msg, with
// DefaultID).
func sign(priv *sm2.PrivateKey, msg []byte) ([]byte, error) {
	return priv.Sign(rand.Reader, msg, sm2.NewSM2SignerOption(true, []byte(DefaultID)))
}

// VerifySignature reports whether sig is a valid DER SM2 signature of msg
// with DefaultID by the SM2 public key in pubPEM. A key that does not
// parse is simply not valid.
func VerifySignature(pubPEM string, msg, sig []byte) bool {
	block, _ := pem.Decode([]byte(pubPEM))
	if block == nil || block.Type != "PUBLIC KEY" {
		return false
	}
	key, err := smx509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return false
	}
	pub, ok := key.(*ecdsa.PublicKey)
	if !ok || !sm2.IsSM2PublicKey(pub) {
		return false
	}
	return sm2.VerifyASN1WithSM2(pub, []byte(DefaultID), msg, sig)
}
