package dev.safeflow.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialsAndHostsTest {

    @Test
    void hostHeadersAreComparedWithoutTheirPortAndCase() {
        HostAllowList hosts = new HostAllowList(List.of("Dash.Example"));
        assertTrue(hosts.allows("dash.example:8088"));
        assertTrue(hosts.allows("LOCALHOST:1"));
        assertTrue(hosts.allows("[::1]:8088"));
        assertFalse(hosts.allows("dash.example.evil.com"));
        assertFalse(hosts.allows(null));
        assertEquals("[::1]", HostAllowList.hostOf("[::1]:80"));
        assertEquals("::1", HostAllowList.hostOf("::1"));
    }

    @Test
    void basicAuthSettingMustBeUserColonPassword() {
        assertEquals(new BasicAuth("ops", "a:b"), BasicAuth.parse("ops:a:b", "x.basic-auth"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BasicAuth.parse("ops", "x.basic-auth"));
        assertTrue(e.getMessage().contains("x.basic-auth"), e.getMessage());
        assertFalse(new BasicAuth("ops", "pw").toString().contains("pw"), "the password never reaches a log");
    }
}
