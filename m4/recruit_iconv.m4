# RECRUIT_CHECK_ICONV: charset conversion comes from the C library (glibc);
# fail early with a clear message where it does not.
AC_DEFUN([RECRUIT_CHECK_ICONV], [
  AC_CHECK_HEADER([iconv.h], [], [AC_MSG_ERROR([iconv.h is required])])
  AC_SEARCH_LIBS([iconv_open], [iconv], [],
    [AC_MSG_ERROR([iconv_open not found])])
])
