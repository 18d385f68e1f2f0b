// The server's secrets: Argon2id password hashes that verify only the right password, random
// tokens, and API keys whose shape is parsed strictly.
#include "bulwark/accounts/secrets.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

namespace bulwark::accounts {
namespace {

class Secrets : public ::testing::Test {
 protected:
  // 1 MiB instead of 64: the hashes stay tolerable under the sanitizers.
  void SetUp() override { ::setenv("BULWARK_ARGON2_MEMORY_KIB", "1024", 1); }
  void TearDown() override { ::unsetenv("BULWARK_ARGON2_MEMORY_KIB"); }
};

TEST_F(Secrets, PasswordHashVerifiesOnlyTheRightPassword) {
  auto h = hash_password("correct horse battery staple");
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_TRUE(h->starts_with("$argon2id$v=19$m=1024,t=3,p=1$")) << *h;
  EXPECT_TRUE(verify_password("correct horse battery staple", *h));
  EXPECT_FALSE(verify_password("correct horse battery stapl", *h));
  EXPECT_FALSE(verify_password("", *h));
  EXPECT_FALSE(verify_password("correct horse battery staple", "not a hash"));
  EXPECT_FALSE(verify_password("correct horse battery staple", ""));

  auto again = hash_password("correct horse battery staple");
  ASSERT_TRUE(again);
  EXPECT_NE(*again, *h);  // a fresh salt each time
  EXPECT_TRUE(verify_password("correct horse battery staple", *again));
}

TEST_F(Secrets, PasswordHashRefusesAnEmptyPasswordAndABadMemorySetting) {
  auto empty = hash_password("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(empty.error().message.find("password"), std::string::npos);
  ::setenv("BULWARK_ARGON2_MEMORY_KIB", "lots", 1);
  auto bad = hash_password("pw");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("BULWARK_ARGON2_MEMORY_KIB"), std::string::npos);
}

TEST_F(Secrets, RandomTokensAreUrlSafeAndDistinct) {
  auto a = random_token(32);
  auto b = random_token(32);
  EXPECT_EQ(a.size(), 43u);  // 32 bytes, unpadded base64
  EXPECT_NE(a, b);
  for (char c : a)
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << a;
  EXPECT_EQ(random_token(1).size(), 2u);
  EXPECT_EQ(random_token(2).size(), 3u);
  EXPECT_EQ(random_token(3).size(), 4u);
  EXPECT_TRUE(random_token(0).empty());
}

TEST_F(Secrets, NewKeysHaveTheDocumentedShapeAndDiffer) {
  NewKey k = new_api_key();
  ASSERT_EQ(k.key.size(), 4u + 8u + 1u + 32u);
  EXPECT_TRUE(k.key.starts_with("bwk_" + k.public_id + "_"));
  EXPECT_EQ(k.public_id.size(), 8u);
  for (char c : k.public_id) EXPECT_TRUE(std::islower(c) || std::isdigit(c)) << k.public_id;
  EXPECT_EQ(key_public_id(k.key), k.public_id);
  EXPECT_EQ(k.secret_hash, key_hash(k.key));
  EXPECT_EQ(k.secret_hash.size(), 64u);

  std::set<std::string> keys, ids;
  for (int i = 0; i < 50; ++i) {
    NewKey n = new_api_key();
    keys.insert(n.key);
    ids.insert(n.public_id);
  }
  EXPECT_EQ(keys.size(), 50u);
  EXPECT_EQ(ids.size(), 50u);
}

TEST_F(Secrets, KeyHashIsSha256Hex) {
  EXPECT_EQ(key_hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(key_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(Secrets, KeyParsingIsStrict) {
  const std::string secret = "Abcdefghijklmnopqrstuvwxyz012345";
  ASSERT_EQ(secret.size(), 32u);
  EXPECT_EQ(key_public_id("bwk_ab12cd34_" + secret), "ab12cd34");
  EXPECT_EQ(key_public_id("odt_ab12cd34_" + secret), "ab12cd34");  // Dependency-Track clients

  for (const std::string& bad : {
           std::string(),
           "bwk_ab12cd34_" + secret.substr(1),            // secret too short
           "bwk_ab12cd34_" + secret + "x",                // too long
           "bwk_ab12cd3_x" + secret,                      // public id too short
           "xyz_ab12cd34_" + secret,                      // unknown prefix
           "BWK_ab12cd34_" + secret,                      // prefix is lower-case
           "bwk_AB12cd34_" + secret,                      // public id is lower-case
           "bwk_ab12cd34-" + secret,                      // separator
           "bwk_ab12-d34_" + secret,                      // public id alphanumeric
           "bwk_ab12cd34_" + secret.substr(0, 31) + "_",  // secret alphanumeric
           "bwk_ab12cd34_" + secret.substr(0, 31) + "\n",
       })
    EXPECT_FALSE(key_public_id(bad)) << bad;
}

}  // namespace
}  // namespace bulwark::accounts
