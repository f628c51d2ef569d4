# Small helpers so every component is its own small target (see ../shared/style.md).
#
#   chronicle_cc_library(NAME name SRCS ... DEPS ...)   headers under include/ are public
#   chronicle_service_library(name SRCS ... DEPS ...)  a layer of services/<svc>
#   chronicle_cc_binary(NAME name SRCS ... DEPS ...)
#   chronicle_cc_test(NAME name SRCS ... DEPS ... [LABELS ...])   registered with CTest

set(CHRONICLE_WARNINGS -Wall -Wextra -Wno-unused-parameter -Werror=return-type)

function(chronicle_cc_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_library(${ARG_NAME} STATIC ${ARG_SRCS})
  target_include_directories(${ARG_NAME} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                         PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(${ARG_NAME} PUBLIC ${ARG_DEPS})
  target_compile_options(${ARG_NAME} PRIVATE ${CHRONICLE_WARNINGS})
endfunction()

# A layer of a domain service (services/<svc>/{domain,projection,app,api}); headers are included
# as "<svc>/<layer>/<file>.h", so the include root is services/.
function(chronicle_service_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SRCS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/services)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  target_compile_options(${name} PRIVATE ${CHRONICLE_WARNINGS})
endfunction()

function(chronicle_cc_binary)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS})
  target_compile_options(${ARG_NAME} PRIVATE ${CHRONICLE_WARNINGS})
endfunction()

function(chronicle_cc_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  target_compile_options(${ARG_NAME} PRIVATE ${CHRONICLE_WARNINGS})
  add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
  set_tests_properties(${ARG_NAME} PROPERTIES TIMEOUT 300 LABELS "${ARG_LABELS}")
endfunction()
