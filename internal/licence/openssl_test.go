package licence

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// openssl returns the path of an OpenSSL 3 that can verify SM2 signatures,
// or skips t saying why not — except under CI ($CI set), which installs
// OpenSSL, so that the outside check cannot pass unseen there.
func openssl(t *testing.T) string {
	t.Helper()
	skip := t.Skipf
	if os.Getenv("CI") != "" {
		skip = t.Fatalf
	}
	bin, err := exec.LookPath("openssl")
	if err != nil {
		skip("openssl is not on PATH; skipping the outside verification (docs/licence-verify.md)")
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "OpenSSL 3.") {
		skip("need OpenSSL 3 for SM2 with a distinguishing ID, have %q (%v)", strings.TrimSpace(string(out)), err)
	}
	probe := filepath.Join(t.TempDir(), "probe.pem")
	if err := exec.Command(bin, "genpkey", "-algorithm", "SM2", "-out", probe).Run(); err != nil {
		skip("%s cannot make SM2 keys (built without SM2?): %v", strings.TrimSpace(string(out)), err)
	}
	return bin
}

// TestOpenSSL_VerifiesSignature checks a licence's signature with OpenSSL,
// exactly as docs/licence-verify.md tells a third party to, from what the
// public signed-data endpoint returns; and that changed data fails.
func TestOpenSSL_VerifiesSignature(t *testing.T) {
	bin := openssl(t)
	e := newEnv(t)
	l := e.mustIssue(t, e.approved(t, "openssl").ID)
	sd, err := e.lic.SignedDataOf(context.Background(), l.Number)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pub, sig := write("pub.pem", []byte(sd.PublicKeyPEM)), write("sig.der", sd.Signature)
	data := write("data.json", sd.Data)
	forged := write("forged.json", []byte(strings.Replace(string(sd.Data), l.HolderName, "另一家公司", 1)))

	commands := map[string]func(file string) []string{
		"dgst": func(file string) []string {
			return []string{"dgst", "-sm3", "-verify", pub, "-signature", sig, "-sigopt", "distid:" + DefaultID, file}
		},
		"pkeyutl": func(file string) []string {
			return []string{"pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-digest", "sm3",
				"-pkeyopt", "distid:" + DefaultID, "-in", file, "-sigfile", sig}
		},
	}
	for name, args := range commands {
		t.Run(name, func(t *testing.T) {
			out, err := exec.Command(bin, args(data)...).CombinedOutput()
			if err != nil || !strings.Contains(string(out), "Verified OK") && !strings.Contains(string(out), "Verified Successfully") {
				t.Fatalf("openssl %s: %v\n%s", strings.Join(args(data), " "), err, out)
			}
			if out, err := exec.Command(bin, args(forged)...).CombinedOutput(); err == nil {
				t.Fatalf("openssl accepted changed data:\n%s", out)
			}
		})
	}
	if out, err := exec.Command(bin, "dgst", "-sm3", data).Output(); err != nil || !strings.Contains(string(out), sd.DigestSM3) {
		t.Errorf("openssl's SM3 of the data %q, stored digest %s (%v)", out, sd.DigestSM3, err)
	}
}
