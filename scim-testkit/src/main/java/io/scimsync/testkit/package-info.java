/** A fake SCIM 2.0 server with vendor quirks, fault injection and a recorder (issue 3). Independent of domain on purpose. Filled by a later issue. */
package io.scimsync.testkit;
