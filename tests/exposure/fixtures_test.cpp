// Fixture helpers (no test cases here; the file name makes bulwark_test compile it).
#include "fixtures.hpp"

#include <crypt.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>

namespace bulwark::exposure::test {

bool have(const std::string& tool) {
  return bulwark::test::run("command -v " + tool + " >/dev/null 2>&1").exit_code == 0;
}

std::optional<fs::path> build_c(const fs::path& dir, const std::string& name,
                                const std::string& flags, std::string* why, bool network) {
  fs::path src = dir / (name + ".c");
  std::string code =
      "#include <stdio.h>\n#include <string.h>\n"
      "#include <sys/socket.h>\n"
      "int main(int argc, char **argv) {\n"
      "  char buf[64];\n"
      "  strcpy(buf, argc > 1 ? argv[1] : \"x\");\n"
      "  printf(\"%s\\n\", buf);\n";
  if (network) code += "  return socket(AF_INET, SOCK_STREAM, 0) < 0;\n";
  code += "  return 0;\n}\n";
  write(src, code);
  fs::path out = dir / name;
  auto r = bulwark::test::run("gcc " + flags + " -o " + bulwark::test::shell_quote(out) + " " +
                              bulwark::test::shell_quote(src));
  if (r.exit_code != 0) {
    if (why) *why = r.err;
    return std::nullopt;
  }
  return out;
}

void write(const fs::path& p, const std::string& content, mode_t mode) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
  ::chmod(p.c_str(), mode);
}

namespace {
EVP_PKEY* new_ec_key() { return EVP_EC_gen("P-256"); }

std::string pem_of(BIO* b) {
  char* data = nullptr;
  long n = BIO_get_mem_data(b, &data);
  return std::string(data, static_cast<std::size_t>(n));
}
}  // namespace

std::string make_certificate(const std::string& cn, const std::string& from,
                             const std::string& to) {
  EVP_PKEY* key = new_ec_key();
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  ASN1_TIME_set_string(X509_getm_notBefore(x), from.c_str());
  ASN1_TIME_set_string(X509_getm_notAfter(x), to.c_str());
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509_sign(x, key, EVP_sha256());
  BIO* b = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(b, x);
  std::string pem = pem_of(b);
  BIO_free(b);
  X509_free(x);
  EVP_PKEY_free(key);
  return pem;
}

std::string make_private_key() {
  EVP_PKEY* key = new_ec_key();
  BIO* b = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::string pem = pem_of(b);
  BIO_free(b);
  EVP_PKEY_free(key);
  return pem;
}

std::string crypt_hash(const std::string& password, const std::string& setting) {
  crypt_data data{};
  const char* h = crypt_r(password.c_str(), setting.c_str(), &data);
  return h ? h : "";
}

void make_faulty_rootfs(const fs::path& root) {
  write(root / "etc/passwd",
        "root::0:0:root:/root:/bin/sh\n"
        "admin:x:1000:1000:admin:/home/admin:/bin/sh\n"
        "support:x:1001:1001:support:/home/support:/bin/sh\n"
        "daemon:x:2:2:daemon:/:/sbin/nologin\n");
  write(root / "etc/shadow",
        "root::19000:0:99999:7:::\n"
        "admin:" +
            crypt_hash("Kq7-unit-pw!", "$1$Zt3uQp9a$") +
            ":19000:0:99999:7:::\n"
            "support:" +
            crypt_hash("admin", "$6$Xy1kR0pw$") +
            ":19000:0:99999:7:::\n"
            "daemon:*:19000:0:99999:7:::\n",
        0600);
  write(root / "etc/inittab",
        "::sysinit:/etc/init.d/rcS\n"
        "::respawn:/usr/sbin/telnetd -F -l /bin/sh\n"
        "ttyS0::respawn:/sbin/getty -L ttyS0 115200 vt100\n");
  write(root / "etc/init.d/rcS", "#!/bin/sh\nmount -a\n/usr/sbin/httpd -h /www\n", 0777);
  write(root / "etc/ssh/ssh_host_ecdsa_key", make_private_key(), 0600);
  write(root / "etc/ssl/device.pem",
        make_certificate("device.example", "20200101000000Z", "20210101000000Z"));
  write(root / "etc/cloud/upload.conf",
        "region = eu-central-1\naws_access_key_id = AKIAZ7Q2M4XW6KD3PLRT\n");
  write(root / "etc/os-release", "ID=busybox\nVERSION_ID=1.36.1\nPRETTY_NAME=\"Test Firmware\"\n");
  write(root / "bin/busybox",
        "\x7f"
        "ELF-not-really: a setuid placeholder\n",
        04755);
}

void make_clean_rootfs(const fs::path& root) {
  write(root / "etc/passwd",
        "root:x:0:0:root:/root:/bin/sh\n"
        "daemon:x:2:2:daemon:/:/sbin/nologin\n");
  write(root / "etc/shadow",
        "root:" + crypt_hash("unique-per-device-9b1f", "$6$Ab3dEf7h$") +
            ":19000:0:99999:7:::\n"
            "daemon:*:19000:0:99999:7:::\n",
        0600);
  write(root / "etc/inittab",
        "::sysinit:/etc/init.d/rcS\n"
        "::respawn:/sbin/syslogd -n\n"
        "ttyS0::respawn:/sbin/getty -L ttyS0 115200 vt100\n");
  write(root / "etc/init.d/rcS", "#!/bin/sh\nmount -a\n", 0755);
  write(root / "etc/ssl/device.pem",
        make_certificate("device.example", "20250101000000Z", "20350101000000Z"));
  write(root / "etc/sysctl.conf",
        "kernel.randomize_va_space = 2\nkernel.kptr_restrict = 1\nkernel.dmesg_restrict = 1\n");
  write(root / "etc/app.conf", "# settings\npassword = changeme\nlisten = 0.0.0.0:8080\n");
  write(root / "etc/os-release", "ID=busybox\nVERSION_ID=1.36.1\n");
}

const Clock& test_clock() {
  static FixedClock clock(*parse_rfc3339("2026-12-01T00:00:00Z"));
  return clock;
}

std::vector<const Observation*> find(const Report& r, std::string_view check, Status status) {
  std::vector<const Observation*> out;
  for (const auto& o : r.observations)
    if (o.check == check && o.status == status) out.push_back(&o);
  return out;
}

}  // namespace bulwark::exposure::test
