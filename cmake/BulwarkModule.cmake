# bulwark_module(NAME DEPS dep...) builds src/bulwark/NAME/*.cpp into the static library
# bulwark_NAME (alias bulwark::NAME). Sources are globbed so that adding a file needs no edit
# here; dependencies point downward only (see ARCHITECTURE.md).
function(bulwark_module name)
  cmake_parse_arguments(M "" "" "DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${name}/*.cpp)
  if(srcs)
    add_library(bulwark_${name} STATIC ${srcs})
    target_include_directories(bulwark_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(bulwark_${name} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS})
  else()
    add_library(bulwark_${name} INTERFACE)
    target_include_directories(bulwark_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(bulwark_${name} INTERFACE ${M_DEPS})
  endif()
  add_library(bulwark::${name} ALIAS bulwark_${name})
endfunction()

# bulwark_test(AREA DEPS dep...) builds tests/AREA/*_test.cpp into test_AREA and registers
# each GoogleTest case with CTest.
function(bulwark_test area)
  cmake_parse_arguments(T "" "" "DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${area}/*_test.cpp)
  if(NOT srcs)
    return()
  endif()
  add_executable(test_${area} ${srcs})
  target_link_libraries(test_${area} PRIVATE ${T_DEPS} bulwark_test_support GTest::gtest GTest::gtest_main)
  # One precompiled header (GoogleTest, nlohmann/json, the standard library) shared by every test
  # target: the test translation units are the bulk of a sanitizer build.
  target_link_libraries(test_${area} PRIVATE nlohmann_json::nlohmann_json)
  target_precompile_headers(test_${area} REUSE_FROM bulwark_test_pch)
  gtest_discover_tests(test_${area} DISCOVERY_MODE PRE_TEST
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES ENVIRONMENT "BULWARK_BIN=${CMAKE_BINARY_DIR}/bin/bulwark")
  # (the working directory is the source tree, which is where tests look for it)
endfunction()
