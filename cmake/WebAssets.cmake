# The web dashboard (issue 12) embedded in the server at build time: web/src (our HTML, CSS and
# ES modules) and the few browser builds we use from web/node_modules (Preact, its hooks, htm,
# uPlot) become one generated .cpp (name, content type, bytes, SHA-256) compiled into TARGET.
# No tool beyond CMake itself (cmake/embed_web.cmake reads the files as hex). When web/node_modules
# is absent (no `make setup` yet) the generated table is empty and the server answers a page that
# says how to build the UI: the C++ build never depends on npm.
function(bulwark_embed_web target)
  set(web ${PROJECT_SOURCE_DIR}/web)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/web_assets.cpp)
  set(script ${PROJECT_SOURCE_DIR}/cmake/embed_web.cmake)
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${web}/src/*)
  # Re-configured when npm ci creates (or rewrites) node_modules: the vendor files join the inputs.
  file(GLOB installed CONFIGURE_DEPENDS ${web}/node_modules/.package-lock.json)
  include(${script})  # defines BULWARK_WEB_VENDOR
  set(deps ${srcs} ${script} ${web}/package-lock.json)
  set(state "absent")
  if(installed)
    # npm gives package files a fixed old mtime; its .package-lock.json is written at install time,
    # so a new `npm ci` regenerates the table (and the command line names the state).
    set(state "installed")
    list(APPEND deps ${installed})
    foreach(pair IN LISTS BULWARK_WEB_VENDOR)
      string(REPLACE "=" ";" kv "${pair}")
      list(GET kv 1 rel)
      if(EXISTS ${web}/${rel})
        list(APPEND deps ${web}/${rel})
      endif()
    endforeach()
  endif()
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DWEB=${web} -DOUT=${out} -DNODE_MODULES=${state} -P ${script}
    DEPENDS ${deps}
    COMMENT "Embedding the web dashboard (web/src, web/node_modules) into ${target}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
