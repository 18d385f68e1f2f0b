// Anchor translation unit of the tests' shared precompiled header (tests/CMakeLists.txt).
